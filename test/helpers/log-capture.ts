import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written, as written (one JSON object a line). */
  lines: string[];
  /** The lines parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read any field of a log line
  entries(): any[];
}

/** A real logger (redaction and all) whose lines a test can read. */
export function captureLogs(level = 'info'): CapturedLogs {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return {
    logger: createLogger(level, { destination, pretty: false }),
    lines,
    entries: () => lines.map((l) => JSON.parse(l)),
  };
}
