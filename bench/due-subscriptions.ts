import type pg from 'pg';
import { localDate, zoneOffsetMinutes } from '../src/domain/time-zone.js';
import { isoWeekday } from '../src/domain/weekly-schedule.js';

/** `HH:MM` of an instant on the zone's clocks. */
function localTimeOfDay(instant: Date, zone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return local.toISOString().slice(11, 16);
}

/**
 * Inserts `count` weekly Slack subscriptions of one account, all due two minutes before
 * `now` on the zone's clocks (one period), made a day earlier; subscription g posts in
 * channel `<channelPrefix><g mod channels>` (ids shaped like Slack's). Returns their ids, in
 * order, and the period they are due for.
 */
export async function insertDueSubscriptions(
  client: pg.Client,
  args: { accountId: number; zone: string; count: number; channels: number; channelPrefix: string; now: Date },
): Promise<{ ids: number[]; periodKey: string }> {
  const dueLocal = new Date(args.now.getTime() - 2 * 60_000);
  const periodKey = localDate(dueLocal, args.zone);
  const inserted = await client.query<{ id: number }>(
    `insert into subscription (account_id, platform, target, target_name, weekday, time_of_day, time_zone, created_by, created_at)
     select $1, 'slack', $2 || lpad(((g - 1) % $3)::text, 4, '0'), 'bench-' || ((g - 1) % $3), $4, $5, $6, 'UBENCH',
       now() - interval '1 day'
     from generate_series(1, $7::int) g order by g returning id`,
    [
      args.accountId,
      args.channelPrefix,
      args.channels,
      isoWeekday(periodKey),
      localTimeOfDay(dueLocal, args.zone),
      args.zone,
      args.count,
    ],
  );
  return { ids: inserted.rows.map((r) => r.id), periodKey };
}
