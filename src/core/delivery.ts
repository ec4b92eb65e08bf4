import type { Reply } from './reply.js';

/**
 * The one way reports, alerts and large exports leave LicBot outside a request: a small
 * platform-neutral port. Slack implements it in platforms/slack/slack-delivery.ts (Teams
 * adds the second adapter). Jobs pick the adapter by the platform of the subscription or
 * person they serve.
 */
export interface ChatDelivery {
  platform: 'slack' | 'teams';
  /**
   * Posts a reply into a channel (public to its members), its files included. `deliveryKey`
   * travels with the message (Slack message metadata) so `findPosted` can find it again
   * after a crash between posting and recording the post.
   */
  postToChannel(channel: string, reply: Reply, options?: { deliveryKey?: string }): Promise<PostedMessage>;
  /** Uploads files into a channel, in the thread of `threadTs` when given. */
  uploadFiles(channel: string, files: NonNullable<Reply['files']>, options?: { threadTs?: string }): Promise<void>;
  /**
   * The message posted with `deliveryKey` in the channel since `since`, with whether its
   * files followed; undefined when there is none (or it cannot be looked for: see the
   * adapter for the scopes that needs).
   */
  findPosted(channel: string, deliveryKey: string, since: Date): Promise<FoundMessage | undefined>;
  /** A direct message to one person (Slack: conversations.open + chat.postMessage). */
  sendDirect(userId: string, reply: Reply): Promise<PostedMessage>;
}

export interface PostedMessage {
  /** Slack message `ts` / Teams activity id. */
  messageTs: string;
  channel: string;
}

export interface FoundMessage extends PostedMessage {
  /** Names of the files already shared after (or with) the message. */
  fileNames: string[];
}

/**
 * A post that can never succeed as addressed: the bot is not in the channel, the channel is
 * gone or archived, the token was revoked. Jobs fail at once (no retry) and record `reason`.
 */
export class DeliveryRefused extends Error {
  constructor(
    /** The platform's own error code, e.g. `not_in_channel`, `channel_not_found`, `token_revoked`. */
    readonly code: string,
    /** What a person should do about it, in one line. */
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'DeliveryRefused';
  }

  /** The bot is simply not a member: the subscriber can fix it with an invite. */
  get needsInvite(): boolean {
    return this.code === 'not_in_channel';
  }
}

/** The adapters of the platforms this install runs, by platform. */
export type Deliveries = Partial<Record<ChatDelivery['platform'], ChatDelivery>>;
