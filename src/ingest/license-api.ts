import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CONFLICTS } from '../db/transient-fault.js';
import { EARLIEST_EXPIRY, expiryDateProblem, LATEST_EXPIRY } from '../domain/accepted-dates.js';
import { LICENSE_TYPES, normalizeActivationCode } from '../domain/license.js';
import { must, requestList, text, zodIssues } from './event.schema.js';
import { ConflictingInputError, type FieldIssue, InvalidInputError } from './input-error.js';
import { licenseMoveConflicts } from './license-move.js';
import { type LicenseInput, sharedPrefixWarnings, upsertLicenses } from './license-upsert.js';
import { UNIQUE_VIOLATION, withRetry } from './retry.js';

const wholeNumber = (min: number) =>
  z
    .number(must('a whole number'))
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(1_000_000, { error: 'must be at most 1000000' });

/** One license of `PUT /api/v1/licenses`; its `meta` is the API documentation (http/openapi.ts). */
export const licenseSchema = z.object({
  product: text(200).meta({ description: 'Product name; a new name is added after the existing products.' }),
  type: z
    .enum(LICENSE_TYPES, must(`one of ${LICENSE_TYPES.join(', ')}`))
    .meta({ description: 'Single user, multi-user (pool) or hardware key.' }),
  seats: wholeNumber(1),
  activationsAllowed: wholeNumber(0),
  expiresAt: z.iso
    .date(must('a date YYYY-MM-DD, e.g. 2027-01-31'))
    .superRefine((value, ctx) => {
      const problem = expiryDateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      description: `Expiry date, from ${EARLIEST_EXPIRY} to ${LATEST_EXPIRY}.`,
      examples: ['2027-01-31'],
    }),
  // The full code: at least one character more than the prefix that is shown, so the shown
  // prefix never is the whole secret; an ellipsis means someone pasted the shown prefix.
  activationCode: text(100)
    .min(6, { error: 'must be the full activation code (at least 6 characters)' })
    .refine((code) => !/…|\.\.\./.test(code), {
      error: 'must be the full activation code, not the shown prefix with an ellipsis',
    })
    .meta({ description: 'The full code (only its first 5 characters are ever shown); the upsert key.' }),
});

/**
 * Validates and applies one `PUT /api/v1/licenses` request, all or nothing: every bad
 * license is reported (InvalidInputError) and then nothing is stored. A known code sent with
 * another product or type is refused too (ConflictingInputError, 409): that is a move, made
 * on purpose with `licbot licenses move`. Products are created on first use, after the
 * existing ones in catalogue order.
 */
export async function putLicenses(
  em: EntityManager,
  accountId: number,
  body: unknown,
  hashSecret: string,
): Promise<{ created: number; updated: number; warnings?: string[] }> {
  const list = requestList(body, 'licenses', '{"licenses": [{"product": "AGi32", "type": "MUL", ...}]}');
  const inputs: LicenseInput[] = [];
  const issues: FieldIssue[] = [];
  const firstIndex = new Map<string, number>();
  list.forEach((raw, index) => {
    const parsed = licenseSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(index, parsed.error));
      return;
    }
    const code = normalizeActivationCode(parsed.data.activationCode);
    const first = firstIndex.get(code);
    if (first !== undefined) {
      issues.push({ index, field: 'activationCode', message: `is the same activation code as licenses[${first}]` });
      return;
    }
    firstIndex.set(code, index);
    inputs.push(parsed.data);
  });
  if (issues.length) throw new InvalidInputError(issues);
  if (inputs.length === 0) return { created: 0, updated: 0 };
  // A concurrent request creating the same new product hits the unique name index; a retry
  // then finds the product the other request made.
  const { results, warnings } = await withRetry(
    () =>
      em.fork().transactional(async (tx) => {
        // Checked in the transaction that writes, so what it allowed is what is written.
        const moves = await licenseMoveConflicts(tx, accountId, inputs, hashSecret);
        if (moves.length) throw new ConflictingInputError(moves);
        const results = await upsertLicenses(tx, accountId, inputs, hashSecret);
        const created = results.filter((r) => r.created).map((r) => r.license);
        return { results, warnings: await sharedPrefixWarnings(tx, accountId, created) };
      }),
    [...CONFLICTS, UNIQUE_VIOLATION],
  );
  const created = results.filter((r) => r.created).length;
  return { created, updated: results.length - created, ...(warnings.length ? { warnings } : {}) };
}
