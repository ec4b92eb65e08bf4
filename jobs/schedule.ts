import type { EntityManager } from '@mikro-orm/postgresql';
import cron from 'node-cron';
import type { Orm } from '../src/db/orm.js';
import { query, sql } from '../src/db/sql.js';
import type { Logger } from '../src/logger.js';
import { dueReports } from './due-reports.js';
import type { Queues } from './queues.js';

/** What one tick of a duty may use. */
export interface TickContext {
  em: EntityManager;
  queues: Queues;
  logger: Logger;
}

/**
 * A periodic duty: its cadence (a node-cron expression), and what one tick enqueues. Every
 * job id is derived from the duty and its instant, so several schedulers ticking at once
 * add each job once (BullMQ ignores an add whose job id exists), and PostgreSQL rows decide
 * what was already done. No BullMQ repeatable jobs: their duplicate- and lost-run bugs with
 * several instances are exactly what this avoids.
 */
export interface Duty {
  name: string;
  cron: string;
  tick(ctx: TickContext, now: Date): Promise<number>;
}

const minuteSlot = (now: Date, minutes: number) => {
  const ms = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
};
const slotId = (slot: Date) => slot.toISOString().slice(0, 16).replace(/[-:T]/g, '');

/**
 * A check of every account (denial alerts: those with alerts on) per slot of `minutes`, job
 * id `<kind>:<account>:<slot>`. Expiry reminders are not switched off with denial alerts.
 */
function accountCheck(name: string, cadence: string, minutes: number, kind: 'denials' | 'expiry'): Duty {
  const queueOf = (queues: Queues) => (kind === 'denials' ? queues.denialAlerts : queues.expiryAlerts);
  return {
    name,
    cron: cadence,
    async tick({ em, queues }, now) {
      const slot = minuteSlot(now, minutes);
      const accounts = await query<{ id: number }>(
        em,
        kind === 'denials'
          ? sql`select id from account where alerts_enabled order by id`
          : sql`select id from account order by id`,
      );
      await queueOf(queues).addBulk(
        accounts.map(({ id }) => ({
          name: kind,
          data: { accountId: id, at: slot.toISOString() },
          opts: { jobId: `${kind}:${id}:${slotId(slot)}` },
        })),
      );
      return accounts.length;
    },
  };
}

/** Every periodic duty of LicBot, in one place. */
export const duties: Duty[] = [
  {
    name: 'weekly reports',
    cron: '* * * * *',
    async tick({ em, queues, logger }, now) {
      const due = await dueReports(em, now);
      if (due.skipped.length) logger.warn({ skipped: due.skipped }, 'weekly reports more than 24 h late: skipped');
      await queues.weeklyReport.addBulk(
        due.post.map(({ jobId, ...data }) => ({ name: 'weekly', data, opts: { jobId } })),
      );
      return due.post.length;
    },
  },
  accountCheck('denial alerts', '*/15 * * * *', 15, 'denials'),
  accountCheck('expiry alerts', '5 * * * *', 60, 'expiry'),
  {
    name: 'session sweep',
    cron: '* * * * *',
    async tick({ queues }, now) {
      const slot = minuteSlot(now, 1);
      await queues.sessionSweep.add('sweep', { at: slot.toISOString() }, { jobId: `sweep:all:${slotId(slot)}` });
      return 1;
    },
  },
];

/** Runs one tick of every duty (or the named ones) now; what the scheduler does each minute. */
export async function tickDuties(
  orm: Orm,
  queues: Queues,
  logger: Logger,
  now: Date,
  only?: (duty: Duty) => boolean,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const duty of duties.filter(only ?? (() => true))) {
    try {
      counts[duty.name] = await duty.tick({ em: orm.em.fork(), queues, logger }, now);
    } catch (error) {
      // One duty failing (Redis away, say) must not stop the others; the next tick retries.
      logger.error({ err: error, duty: duty.name }, 'scheduled duty failed');
    }
  }
  return counts;
}

/**
 * Starts node-cron for every duty, and runs one tick of each at once, so posts missed while
 * everything was down go out as soon as the scheduler is back. Returns a stop function.
 */
export async function startScheduler(
  orm: Orm,
  queues: Queues,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<() => Promise<void>> {
  await tickDuties(orm, queues, logger, now());
  const tasks = duties.map((duty) =>
    cron.schedule(
      duty.cron,
      async () => {
        await tickDuties(orm, queues, logger, now(), (d) => d === duty);
      },
      { name: duty.name, noOverlap: true },
    ),
  );
  logger.info({ duties: duties.map((d) => `${d.name} (${d.cron})`) }, 'scheduler started');
  return async () => {
    for (const task of tasks) await task.destroy();
  };
}
