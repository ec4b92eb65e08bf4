import { randomUUID } from 'node:crypto';
import { transientDbFault } from '../db/transient-fault.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { errorReply, type Reply } from './reply.js';

/**
 * The one translation from an error to what the person sees, used by each platform's single
 * error boundary: a UserError is shown as-is (reason + hint); a transient database fault says
 * so and to try again shortly (it is not a bug to report); anything else is logged with a
 * request id and answered with a short apology quoting that id.
 */
export function replyForError(error: unknown, logger: Logger, context: Record<string, unknown> = {}): Reply {
  if (error instanceof UserError) return errorReply(error.message, error.hint);
  const fault = transientDbFault(error);
  if (fault) {
    logger.warn({ err: error, ...context }, `command failed: ${fault.reason}`);
    return errorReply(
      `The license data cannot be read right now: ${fault.reason}.`,
      'Please try the same command again in a minute.',
    );
  }
  const requestId = randomUUID().slice(0, 8);
  logger.error({ err: error, requestId, ...context }, 'command failed');
  return errorReply(
    `Sorry, something went wrong on our side (request id ${requestId}).`,
    'Please try again; if it keeps failing, give that id to your LicBot operator.',
  );
}
