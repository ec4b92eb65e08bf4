import type { ChatDeps, TypedCommand } from './chat-types.js';
import type { Reply } from './reply.js';

/** A button press, from any platform. */
export interface ButtonPress extends Omit<TypedCommand, 'command' | 'text'> {
  actionId: string;
  value: string;
}

/** Handles one action id. It must check the presser's role itself: a button can be forwarded. */
export type ButtonHandler = (deps: ChatDeps, press: ButtonPress) => Promise<Reply>;
