import { LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** Bolt's logger interface on top of ours, so Slack's messages go through pino's redaction. */
export function boltLogger(logger: Logger) {
  const child = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (next: typeof level) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
