import { LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** Slack tokens (xoxb-, xoxp-, xapp-, …) and the Slack-signed URLs that act as bearer secrets. */
const SECRETS = /\bxox[a-z]-[\w-]+|\bxapp-[\w-]+|https:\/\/hooks\.slack\.com\/\S+/g;

/** Bolt and its web client log plain strings; scrub the secrets they may contain. */
export function scrubSlackSecrets(text: string): string {
  return text.replace(SECRETS, '[redacted]');
}

/**
 * Bolt's logger interface on top of ours. Bolt's debug output includes request bodies, so it
 * goes to `trace`, and every message is scrubbed of tokens and response URLs first (pino's
 * path-based redaction cannot see inside a string).
 */
export function boltLogger(logger: Logger) {
  const child = logger.child({ component: 'slack' });
  const text = (msg: unknown[]) => scrubSlackSecrets(msg.map(String).join(' '));
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.trace(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: typeof level) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
