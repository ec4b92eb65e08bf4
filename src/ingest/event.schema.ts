import { z } from 'zod';
import {
  EARLIEST_EVENT_AT,
  eventInstantProblem,
  formatOffset,
  MAX_OFFSET_MINUTES,
  MIN_OFFSET_MINUTES,
  readIsoInstant,
} from '../domain/accepted-dates.js';
import { ACCESS_MODES } from '../domain/license.js';
import { type FieldIssue, InvalidInputError, TooManyItemsError } from './input-error.js';

/** At most this many events (or licenses) in one request. */
export const MAX_ITEMS_PER_REQUEST = 1000;

/** Zod's messages name types; ours say what to send. `undefined` input means a missing field. */
export const must = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

/** A UTF-16 surrogate not part of a pair: JSON can carry one (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A text field: surrounding blanks dropped, otherwise stored exactly as sent, so text that
 * PostgreSQL cannot hold as sent is refused rather than altered (the driver would turn a lone
 * surrogate into U+FFFD; PostgreSQL's JSON refuses it outright).
 */
export const text = (max: number) =>
  z
    .string(must('a string'))
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    // JSON allows NUL in strings; PostgreSQL text does not.
    .refine((value) => !value.includes('\u0000'), { error: 'must not contain NUL characters' })
    .refine((value) => !LONE_SURROGATE.test(value), {
      error: 'must be valid Unicode: it contains a lone UTF-16 surrogate (\\ud800–\\udfff without its pair)',
    });

// The descriptions (`meta`) are the API documentation: /api/v1/openapi.json is generated
// from these schemas (http/openapi.ts), so the contract is written once.

const email = z
  .string(must('a string'))
  .trim()
  .toLowerCase()
  .max(320, { error: 'must be at most 320 characters' })
  .pipe(z.email({ error: 'must be an email address, e.g. ana@example.com' }))
  .meta({ description: 'Email of the user.', format: 'email' });

const timestamp = z.iso
  .datetime({
    offset: true,
    ...must('an ISO 8601 date-time with an offset, e.g. 2026-01-15T09:30:00Z or 2026-01-15T10:30:00+01:00'),
  })
  .superRefine((value, ctx) => {
    const problem = eventInstantProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description:
      `When it happened: ISO 8601 with an offset from ${formatOffset(MIN_OFFSET_MINUTES)} to ` +
      `${formatOffset(MAX_OFFSET_MINUTES)} and at most 6 decimals of seconds; from ${EARLIEST_EVENT_AT} ` +
      'to at most 5 minutes ahead of the server clock.',
    examples: ['2026-01-15T09:30:00Z', '2026-01-15T10:30:00+01:00'],
  });

const base = {
  id: z
    .guid(must('a UUID made by the client, e.g. 3f2b8c1e-6a4d-4f7e-9c1a-2b5d8e9f0a17'))
    .meta({ description: 'A UUID the client makes once per event; an id sent again is counted as a duplicate.' }),
  at: timestamp,
};
const licensed = {
  product: text(200).meta({ description: 'Product name, case-insensitive (e.g. AGi32).' }),
  activationCode: text(100).meta({
    description: 'The full activation code of a license registered with PUT /api/v1/licenses.',
  }),
  user: email,
  machine: text(200).meta({ description: 'Computer name.' }),
};
const sessionId = text(200).meta({ description: 'The client id of the session (unique per account).' });
const version = text(64).meta({ description: 'Program version.' });

const event = <T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape }).meta({ description });

/** Every event type of `POST /api/v1/events`, by its `type`. */
export const EVENT_SCHEMAS = {
  access: event('access', 'The program was started or refused; counted in the license stats.', {
    ...licensed,
    version,
    mode: z.enum(ACCESS_MODES, must(`one of ${ACCESS_MODES.join(', ')}`)).meta({
      description: 'take and take_denied apply to SUL only, checkout to MUL only; HWK licenses take no events.',
    }),
  }),
  session_start: event('session_start', 'A program run begins (a repeated start is a duplicate).', {
    ...licensed,
    version,
    sessionId,
  }),
  session_heartbeat: event(
    'session_heartbeat',
    'The session is still running. Its session_start must come first (earlier in the batch or before).',
    { sessionId },
  ),
  session_end: event(
    'session_end',
    'The session ended. Its session_start must come first; an end for a closed session is a duplicate.',
    { sessionId },
  ),
  activation: event(
    'activation',
    'A computer was activated with the code. Refused when all activations of the code are used.',
    licensed,
  ),
  deactivation: event('deactivation', 'The activation of this user and machine ended.', licensed),
};
const schemas = EVENT_SCHEMAS;

export type EventType = keyof typeof schemas;
export const EVENT_TYPES = Object.keys(schemas) as EventType[];

/**
 * One event of `POST /api/v1/events`, shape-checked. `at` keeps the client's text (PostgreSQL
 * parses it with full precision); `atMs` is the same instant for comparisons.
 */
export type IncomingEvent = {
  [K in EventType]: z.output<(typeof schemas)[K]> & { index: number; atMs: number };
}[EventType];
export type EventOf<K extends EventType> = Extract<IncomingEvent, { type: K }>;
export type LicensedEvent = EventOf<'access' | 'session_start' | 'activation' | 'deactivation'>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `{"<key>": [...]}` list of a request body, or an error naming what to send instead. */
export function requestList(body: unknown, key: string, example: string): unknown[] {
  const list = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list)) {
    throw new InvalidInputError([
      { index: null, field: key, message: `the body must be a JSON object with a "${key}" list, e.g. ${example}` },
    ]);
  }
  if (list.length > MAX_ITEMS_PER_REQUEST) {
    throw new TooManyItemsError(
      `At most ${MAX_ITEMS_PER_REQUEST} ${key} per request; this one has ${list.length}.`,
      'Split it into smaller batches.',
    );
  }
  return list;
}

/** Converts zod's issues for item `index` to the API's error shape. */
export function zodIssues(index: number, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    index,
    field: issue.path.length ? issue.path.join('.') : null,
    message: issue.message,
  }));
}

/**
 * Checks the JSON shape of every event of a request and collects every problem (not just
 * the first): the business rules (known license, mode allowed, ...) come after, in
 * event-rules.ts.
 */
export function parseEventBatch(body: unknown): { events: IncomingEvent[]; issues: FieldIssue[] } {
  const list = requestList(body, 'events', '{"events": [{"type": "access", ...}]}');
  const events: IncomingEvent[] = [];
  const issues: FieldIssue[] = [];
  list.forEach((raw, index) => {
    if (!isObject(raw)) {
      issues.push({ index, field: null, message: 'each event must be a JSON object' });
      return;
    }
    const schema = schemas[raw.type as EventType];
    if (typeof raw.type !== 'string' || !Object.hasOwn(schemas, raw.type) || !schema) {
      issues.push({
        index,
        field: 'type',
        message: `${raw.type === undefined ? 'is required' : 'is not an event type'}: use one of ${EVENT_TYPES.join(', ')}`,
      });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(index, parsed.error));
      return;
    }
    // Completes zod's fresh output object in place: copying it costs more than parsing it.
    const event = parsed.data as IncomingEvent;
    event.id = event.id.toLowerCase(); // compared as PostgreSQL returns ids: lowercase
    event.index = index;
    event.atMs = readIsoInstant(event.at)!.ms;
    events.push(event);
  });
  return { events, issues };
}
