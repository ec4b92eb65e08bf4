/**
 * An error whose message is safe to show to the person who caused it (in chat, on the CLI,
 * in an API response). Anything that is not a UserError is treated as a bug: logged with a
 * request id and answered with a short apology.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    message: string,
    /** What to do about it, shown after the reason. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * A refusal written in several lines on purpose (an import's list of bad rows): whoever
 * builds it shows each quoted value escaped (domain/visible-text.ts), so the CLI prints it
 * as it is instead of escaping its line breaks.
 */
export class MultilineUserError extends UserError {
  override readonly name: string = 'MultilineUserError';
}

/** The caller may not do this; the message says which role is needed and who holds it. */
export class ForbiddenError extends UserError {
  override readonly name = 'ForbiddenError';
}

/** Bad words in a command; the entry point shows the right usage after the reason. */
export class UsageError extends UserError {
  override readonly name: string = 'UsageError';
}

/** The environment is not usable; the message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
