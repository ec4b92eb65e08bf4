import type { EntityManager } from '@mikro-orm/postgresql';
import cron from 'node-cron';
import type { Orm } from '../src/db/orm.js';
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

async function accountsWithAlerts(em: EntityManager, kind: 'denials' | 'expiry'): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(
    kind === 'denials'
      ? 'select id from account where alerts_enabled order by id'
      : 'select id from account order by id',
  );
  return rows.map((r) => r.id);
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
  {
    name: 'denial alerts',
    cron: '*/15 * * * *',
    async tick({ em, queues }, now) {
      const slot = minuteSlot(now, 15);
      const accounts = await accountsWithAlerts(em, 'denials');
      await queues.denialAlerts.addBulk(
        accounts.map((accountId) => ({
          name: 'denials',
          data: { accountId, at: slot.toISOString() },
          opts: { jobId: `denials:${accountId}:${slotId(slot)}` },
        })),
      );
      return accounts.length;
    },
  },
  {
    name: 'expiry alerts',
    cron: '5 * * * *',
    async tick({ em, queues }, now) {
      const slot = minuteSlot(now, 60);
      const accounts = await accountsWithAlerts(em, 'expiry');
      await queues.expiryAlerts.addBulk(
        accounts.map((accountId) => ({
          name: 'expiry',
          data: { accountId, at: slot.toISOString() },
          opts: { jobId: `expiry:${accountId}:${slotId(slot)}` },
        })),
      );
      return accounts.length;
    },
  },
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
