import { UserError } from '../errors.js';

/**
 * One problem with a request, in the event and license APIs' error shape: which item of the
 * list (`index`, null for the request as a whole), which field, and what to fix.
 */
export interface FieldIssue {
  index: number | null;
  field: string | null;
  message: string;
}

/** The request was refused as a whole (nothing stored); `issues` names every bad item. */
export class InvalidInputError extends UserError {
  override readonly name = 'InvalidInputError';
  constructor(readonly issues: FieldIssue[]) {
    const bad = new Set(issues.map((i) => i.index)).size;
    super(`${bad} item(s) of the request are invalid; nothing was stored.`);
  }
}

/** A list longer than the API takes in one request (answered with 413). */
export class TooManyItemsError extends UserError {
  override readonly name = 'TooManyItemsError';
}

/**
 * The request is valid but contradicts what is stored (answered with 409, nothing stored):
 * e.g. a known activation code sent with another product or type.
 */
export class ConflictingInputError extends UserError {
  override readonly name = 'ConflictingInputError';
  constructor(readonly issues: FieldIssue[]) {
    super(
      `${new Set(issues.map((i) => i.index)).size} item(s) of the request contradict what is stored; nothing was stored.`,
    );
  }
}
