import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { createQueues, redisConnection } from '../../jobs/queues.js';
import type { WeeklyOutcome } from '../../jobs/weekly-report.processor.js';
import { Subscription } from '../db/entities/index.js';
import { MAX_ID, typedDate, typedWholeNumber } from '../domain/typed-input.js';
import { isoWeekday, latestRun, runOn, WEEKDAY_NAMES } from '../domain/weekly-schedule.js';
import { UserError } from '../errors.js';
import { createLogger } from '../logger.js';
import { type CliCommand, parseFlags, UsageError, withEm, writeLine } from './cli-command.js';

/**
 * `licbot report weekly --subscription ID [--date YYYY-MM-DD]`: enqueues that report, waits
 * for a worker to post it, and says what happened. Running it twice posts once: the second
 * run answers `already posted`.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'post a weekly report now (through the workers) and wait for the outcome',
  usage:
    'licbot report weekly --subscription ID [--date YYYY-MM-DD] [--timeout SECONDS]\n' +
    '  --date     the posting date (the subscription weekday); default: its latest posting\n' +
    '  --timeout  how long to wait for a worker (default 120)',
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(
      argv,
      { subscription: { type: 'string' }, date: { type: 'string' }, timeout: { type: 'string', default: '120' } },
      true,
    );
    if (positionals[0] !== 'weekly' || positionals.length > 1) throw new UsageError('Say which report: report weekly.');
    if (values.subscription === undefined)
      throw new UsageError('--subscription needs the id shown by `licbot subscriptions list`.');
    const id = typedWholeNumber(
      values.subscription,
      '--subscription',
      { min: 1, max: MAX_ID },
      'It is the id shown by `licbot subscriptions list`.',
    );
    // A day at most: a longer wait is a mistake, and timers past 2^31 ms fire at once.
    const timeoutSeconds = typedWholeNumber(values.timeout, '--timeout', { min: 1, max: 86_400 });
    const date = values.date === undefined ? undefined : typedDate(values.date, '--date');
    const job = await withEm(ctx.config, async (em) => {
      const subscription = await em.findOne(Subscription, { id, deletedAt: null });
      if (!subscription) throw new UserError(`No subscription ${id}.`, 'See licbot subscriptions list.');
      const schedule = {
        weekday: subscription.weekday,
        timeOfDay: subscription.timeOfDay,
        timeZone: subscription.timeZone,
      };
      if (date !== undefined && isoWeekday(date) !== subscription.weekday)
        throw new UserError(
          `${date} is a ${WEEKDAY_NAMES[isoWeekday(date) - 1]}; subscription ${id} posts on ${WEEKDAY_NAMES[subscription.weekday - 1]}s.`,
          `Give one of its posting dates, e.g. --date ${latestRun(schedule, new Date()).periodKey}.`,
        );
      const run = date ? runOn(schedule, date) : latestRun(schedule, new Date());
      return { subscriptionId: id, periodKey: run.periodKey, dueAt: run.dueAt.toISOString(), manual: true };
    });
    const logger = createLogger('silent');
    const queues = createQueues(ctx.config.REDIS_URL, ctx.config.QUEUE_PREFIX, logger);
    const events = new QueueEvents(queues.weeklyReport.name, {
      connection: redisConnection(ctx.config.REDIS_URL),
      prefix: ctx.config.QUEUE_PREFIX,
    });
    try {
      await events.waitUntilReady();
      const added = await queues.weeklyReport.add('weekly', job, {
        jobId: `manual:${id}:${job.periodKey}-${randomBytes(4).toString('hex')}`,
        attempts: 3,
      });
      const outcome = (await added.waitUntilFinished(events, timeoutSeconds * 1000).catch((error: Error) => {
        if (/timed out/i.test(error.message))
          throw new UserError(
            `No worker finished the report within ${timeoutSeconds} s.`,
            'Is `licbot worker` (or `licbot serve --with-workers`) running against the same Redis and QUEUE_PREFIX?',
          );
        throw new UserError(`The weekly report of subscription ${id} for ${job.periodKey} failed: ${error.message}`);
      })) as WeeklyOutcome;
      writeLine(ctx.stdout, describe(id, outcome));
      return 0;
    } finally {
      await events.close();
      await queues.close();
    }
  },
};

function describe(id: number, outcome: WeeklyOutcome): string {
  switch (outcome.outcome) {
    case 'posted':
      return `posted the weekly report of subscription ${id} for ${outcome.periodKey} in ${outcome.channel} (message ${outcome.messageTs}).`;
    case 'already posted':
      return `already posted the weekly report of subscription ${id} for ${outcome.periodKey} in ${outcome.channel} (message ${outcome.messageTs}); nothing was posted again.`;
    case 'skipped':
      return `the weekly report of subscription ${id} for ${outcome.periodKey} was skipped: ${outcome.reason ?? 'no reason recorded'}.`;
    default:
      return `subscription ${id} is paused; nothing was posted.`;
  }
}
