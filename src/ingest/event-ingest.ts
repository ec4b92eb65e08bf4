import type { EntityManager } from '@mikro-orm/postgresql';
import { dropReceipts, insertAccessEvents, receiveEventIds } from './access-event.store.js';
import { activate, deactivate } from './activation-events.js';
import { parseEventBatch } from './event.schema.js';
import { checkEventRules, type ResolvedEvent } from './event-rules.js';
import { type FieldIssue, InvalidInputError } from './input-error.js';
import { withRetry } from './retry.js';
import { type Outcome, startSession, touchSession } from './session-events.js';

/** The answer of `POST /api/v1/events`: accepted + duplicates + conflicts = events sent. */
export interface IngestResult {
  /** Events that changed something. */
  accepted: number;
  /**
   * Events that changed nothing: an id seen before for an event of the same type (in an
   * earlier request or earlier in this one), a start of a session already started, an end
   * or heartbeat of a session already closed, an activation already active, a deactivation
   * already done.
   */
  duplicates: number;
  /**
   * Events not stored because they contradict what is stored, each with the field and why
   * (only present when there are some): an event id already used for another type of event,
   * a session id already used by another session (and that session's heartbeats and end
   * in the same request). Sent again, they are reported again.
   */
  conflicts?: FieldIssue[];
}

export interface IngestOptions {
  hashSecret: string;
  now?: Date;
}

function apply(em: EntityManager, accountId: number, event: ResolvedEvent): Promise<Outcome> {
  switch (event.type) {
    case 'session_start':
      return startSession(em, accountId, event);
    case 'session_heartbeat':
    case 'session_end':
      return touchSession(em, accountId, event);
    case 'activation':
      return activate(em, accountId, event);
    case 'deactivation':
      return deactivate(em, accountId, event);
    case 'access':
      throw new Error('access events are stored in bulk');
  }
}

const idUsedBy = (index: number, type: string, where: string): FieldIssue => ({
  index,
  field: 'id',
  message: `is already the id of ${where} (${type}), so this event was not stored: give every event its own id (a new UUID)`,
});

/**
 * The first event of each id in batch order; a later one with the same id is a duplicate
 * when it has the same type, and a conflict otherwise (an id names one event).
 */
function firstOfEachId(events: ResolvedEvent[]) {
  const first = new Map<string, ResolvedEvent>();
  const conflicts: FieldIssue[] = [];
  const conflictedStarts = new Map<string, number>();
  for (const event of events) {
    const earlier = first.get(event.id);
    if (!earlier) first.set(event.id, event);
    else if (earlier.type !== event.type) {
      conflicts.push(idUsedBy(event.index, earlier.type, `events[${earlier.index}] of this request`));
      if (event.type === 'session_start') conflictedStarts.set(event.sessionId, event.index);
    }
  }
  return { events: [...first.values()], conflicts, conflictedStarts };
}

/**
 * Validates and stores one request of the event API, all or nothing: every problem of every
 * event is collected and reported (InvalidInputError) and then nothing is stored. Checks
 * that need the stored state (unknown session, no activation left, ...) run inside the
 * transaction, which is rolled back when any of them fails. Conflicts (see IngestResult)
 * are not problems of the request: the other events are stored and the answer lists them.
 */
export async function ingestEvents(
  em: EntityManager,
  accountId: number,
  body: unknown,
  options: IngestOptions,
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const { events, issues } = parseEventBatch(body);
  const checked = await checkEventRules(em, accountId, events, { hashSecret: options.hashSecret, now });
  issues.push(...checked.issues);
  if (issues.length) throw new InvalidInputError(sortIssues(issues));
  const total = checked.resolved.length;
  const unique = firstOfEachId(checked.resolved);
  const access = unique.events.filter((e) => e.type === 'access');
  const others = unique.events.filter((e) => e.type !== 'access');

  // The common case, access events only, is one statement: atomic without a transaction.
  if (others.length === 0) {
    const stored = await insertAccessEvents(em, accountId, access);
    const conflicts = [...unique.conflicts, ...accessConflicts(access, stored.usedByOtherType)];
    return result(total, stored.inserted, conflicts);
  }
  const { applied, conflicts } = await withRetry(() =>
    em.transactional(async (tx) => {
      const stored = await insertAccessEvents(tx, accountId, access);
      const conflicts = [...unique.conflicts, ...accessConflicts(access, stored.usedByOtherType)];
      let applied = stored.inserted;
      const { fresh, seen } = await receiveEventIds(tx, accountId, others);
      const refused: FieldIssue[] = [];
      const notApplied: string[] = [];
      /** Session ids whose start in this request conflicted: their later heartbeats and end do too. */
      const conflictedStarts = new Map(unique.conflictedStarts);
      // In batch order, so a session_start and its heartbeats and end can share a request.
      for (const event of others) {
        if (!fresh.has(event.id)) {
          const type = seen.get(event.id);
          if (type && type !== event.type) {
            conflicts.push(idUsedBy(event.index, type, 'an event received before'));
            if (event.type === 'session_start') conflictedStarts.set(event.sessionId, event.index);
          }
          continue; // otherwise seen before: a duplicate
        }
        const startIndex = 'sessionId' in event ? conflictedStarts.get(event.sessionId) : undefined;
        if (startIndex !== undefined && startIndex < event.index && event.type !== 'session_start') {
          notApplied.push(event.id);
          conflicts.push({
            index: event.index,
            field: 'sessionId',
            message: `belongs to the session started by events[${startIndex}], which was not stored (see its conflict)`,
          });
          continue;
        }
        const outcome = await apply(tx, accountId, event);
        if (outcome === 'applied') applied++;
        else if (outcome === 'noop') continue;
        else if (outcome.conflict) {
          notApplied.push(event.id);
          conflicts.push({ index: event.index, field: outcome.field, message: outcome.message });
          if (event.type === 'session_start') conflictedStarts.set(event.sessionId, event.index);
        } else refused.push({ index: event.index, field: outcome.field, message: outcome.message });
      }
      if (refused.length) throw new InvalidInputError(refused);
      await dropReceipts(tx, accountId, notApplied);
      return { applied, conflicts };
    }),
  );
  return result(total, applied, conflicts);
}

function accessConflicts(access: ResolvedEvent[], usedByOtherType: Map<string, string>): FieldIssue[] {
  return access.flatMap((event) => {
    const type = usedByOtherType.get(event.id);
    return type ? [idUsedBy(event.index, type, 'an event received before')] : [];
  });
}

function result(total: number, accepted: number, conflicts: FieldIssue[]): IngestResult {
  const answer: IngestResult = { accepted, duplicates: total - accepted - conflicts.length };
  if (conflicts.length) answer.conflicts = sortIssues(conflicts);
  return answer;
}

function sortIssues(issues: FieldIssue[]): FieldIssue[] {
  return issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}
