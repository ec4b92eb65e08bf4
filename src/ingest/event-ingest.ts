import type { EntityManager } from '@mikro-orm/postgresql';
import { insertAccessEvents, receiveEventIds } from './access-event.store.js';
import { activate, deactivate } from './activation-events.js';
import { parseEventBatch } from './event.schema.js';
import { checkEventRules, type ResolvedEvent } from './event-rules.js';
import { type FieldIssue, InvalidInputError } from './input-error.js';
import { withRetry } from './retry.js';
import { type Outcome, startSession, touchSession } from './session-events.js';

/** The answer of `POST /api/v1/events`. */
export interface IngestResult {
  /** Events that changed something. */
  accepted: number;
  /**
   * Events that changed nothing: an id seen before (in an earlier request or earlier in this
   * one), a start of a session already started, an end or heartbeat of a session already
   * closed, an activation already active, a deactivation already done.
   */
  duplicates: number;
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

/**
 * Validates and stores one request of the event API, all or nothing: every problem of every
 * event is collected and reported (InvalidInputError) and then nothing is stored. Checks
 * that need the stored state (unknown session, no activation left, ...) run inside the
 * transaction, which is rolled back when any of them fails.
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
  const access = checked.resolved.filter((e) => e.type === 'access');
  const others = checked.resolved.filter((e) => e.type !== 'access');

  // The common case, access events only, is one statement: atomic without a transaction.
  if (others.length === 0) {
    const inserted = await insertAccessEvents(em, accountId, access);
    return { accepted: inserted, duplicates: total - inserted };
  }
  const accepted = await withRetry(() =>
    em.transactional(async (tx) => {
      let applied = await insertAccessEvents(tx, accountId, access);
      const fresh = await receiveEventIds(tx, accountId, others);
      const refused: FieldIssue[] = [];
      // In batch order, so a session_start and its heartbeats and end can share a request.
      for (const event of others) {
        if (!fresh.delete(event.id)) continue; // seen before, or earlier in this batch
        const outcome = await apply(tx, accountId, event);
        if (outcome === 'applied') applied++;
        else if (outcome !== 'noop') refused.push({ index: event.index, ...outcome });
      }
      if (refused.length) throw new InvalidInputError(refused);
      return applied;
    }),
  );
  return { accepted, duplicates: total - accepted };
}

function sortIssues(issues: FieldIssue[]): FieldIssue[] {
  return issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}
