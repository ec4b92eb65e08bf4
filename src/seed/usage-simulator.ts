import type { AccessMode } from '../domain/license.js';
import type { PlannedActivation, World } from './plan-types.js';
import { Prng } from './prng.js';
import { type Hold, heapPush, heapRemoveAt } from './seat-heap.js';
import { HOUR_MS, type LocalDay, localToUtc, roundSecond } from './seed-time.js';

/** Where generated rows go; indexes refer to World.licenses. Times are epoch ms (UTC). */
export interface UsageSink {
  session(
    id: string,
    license: number,
    email: string,
    machine: string,
    version: string,
    startedAt: number,
    lastHeartbeatAt: number,
    endedAt: number | null,
  ): void;
  event(
    id: string,
    license: number,
    mode: AccessMode,
    email: string,
    machine: string,
    version: string,
    at: number,
  ): void;
}

export const HEARTBEAT_MS = 5 * 60_000;
/** A running program renews its license this often; the portal counts each renewal as an access. */
export const RENEWAL_MS = 55 * 60_000;
const TAKES_PER_WEEK = 1;
const WEEKEND_FACTOR = 0.05;
const LIMITED_SHARE = 0.008;
const CHECKOUT_SHARE = 0.03;
const LEFT_OPEN_SHARE = 0.05;

interface Run {
  activation: number;
  start: number;
  end: number;
  limitedOnly: boolean;
}

/** Counts of what was generated, for the CLI summary. */
export interface UsageStats {
  sessions: number;
  openSessions: number;
  events: number;
  byMode: Record<string, number>;
}

/**
 * Replays the window day by day: each person's program runs follow working hours in the
 * account's zone, and each start goes through its license like a real client would: a full
 * MUL pool declines it, a busy SUL is taken (or the take is denied). Sessions are emitted once
 * they end, so memory holds only the sessions running at the moment.
 */
export class UsageSimulator {
  readonly stats: UsageStats = { sessions: 0, openSessions: 0, events: 0, byMode: {} };
  private readonly rng: Prng;
  private readonly ids: Prng;
  private readonly busyUntil: Float64Array;
  private readonly holds: Hold[][];
  private readonly takes = new Map<string, number>();

  constructor(
    private readonly world: World,
    seed: number,
  ) {
    this.rng = new Prng(seed, 'usage');
    this.ids = new Prng(seed, 'ids');
    this.busyUntil = new Float64Array(world.activations.length);
    this.holds = world.licenses.map(() => []);
  }

  get dayCount(): number {
    return this.world.days.length;
  }

  simulateDay(dayIndex: number, sink: UsageSink): void {
    const runs = this.planRuns(dayIndex);
    runs.sort((a, b) => a.start - b.start);
    for (const run of runs) this.start(dayIndex, run, sink);
  }

  /** Emits the sessions still held; those running past the end stay open. */
  finish(sink: UsageSink): void {
    for (const holds of this.holds) {
      for (const hold of holds.sort((a, b) => a.start - b.start)) this.emitSession(hold, sink);
      holds.length = 0;
    }
  }

  private planRuns(dayIndex: number): Run[] {
    const { days, activations, licenses, startMs, endMs } = this.world;
    const day = days[dayIndex]!;
    const weekend = day.weekday === 0 || day.weekday === 6;
    const midnight = localToUtc(day, 0);
    const rng = this.rng;
    const runs: Run[] = [];
    activations.forEach((act, index) => {
      if (dayIndex < act.fromDay || dayIndex >= act.untilDay) return;
      const license = licenses[act.license]!;
      // After expiry people keep trying for a week and get the program in inactive mode.
      const expired = license.lastValidDay !== null && dayIndex > license.lastValidDay;
      if (expired && dayIndex > license.lastValidDay! + 7) return;
      const count = rng.poisson(act.runsPerDay * (weekend ? WEEKEND_FACTOR : 1) * (expired ? 0.5 : 1));
      if (count === 0) return;
      const hours = Array.from({ length: count }, () => startHour(rng)).sort((a, b) => a - b);
      let cursor = (this.busyUntil[index]! - midnight) / HOUR_MS;
      for (let k = 0; k < hours.length; k++) {
        let at = hours[k]!;
        if (at < cursor + 0.05) at = cursor + 0.05 + 0.4 * rng.next();
        if (at > 20.5) break;
        let end = at + Math.min(8, Math.max(0.05, Math.exp(Math.log(1.15) + 0.8 * rng.normal())));
        if (k === hours.length - 1 && !expired && rng.chance(LEFT_OPEN_SHARE)) {
          // Left running overnight: closed when its user is back on the next working day.
          end = nextWorkingMorning(days, dayIndex) + 8.25 + 0.75 * rng.next();
        }
        const start = roundSecond(localToUtc(day, at));
        let endMs2 = roundSecond(localToUtc(day, end));
        if (act.deactivatedAt !== null) endMs2 = Math.min(endMs2, act.deactivatedAt - 60_000);
        cursor = end;
        if (start < startMs || start >= endMs || endMs2 <= start) continue;
        runs.push({ activation: index, start, end: endMs2, limitedOnly: expired });
        this.busyUntil[index] = endMs2;
      }
    });
    return runs;
  }

  private start(dayIndex: number, run: Run, sink: UsageSink): void {
    const act = this.world.activations[run.activation]!;
    const license = this.world.licenses[act.license]!;
    const holds = this.holds[act.license]!;
    this.release(holds, run.start, sink);
    const version = dayIndex < act.upgradeDay ? act.versionFrom : act.versionTo;
    let mode: AccessMode = 'full';
    if (run.limitedOnly || this.rng.chance(LIMITED_SHARE)) {
      mode = 'limited';
    } else if (holds.length >= license.seats) {
      mode = license.type === 'SUL' ? this.tryTake(act, dayIndex, run.start, holds, sink) : 'declined';
    } else if (license.type === 'MUL' && this.rng.chance(CHECKOUT_SHARE)) {
      mode = 'checkout';
    }
    this.emitEvent(act, mode, version, run.start, sink);
    // Limited, declined and denied starts run in inactive mode: no licensed session.
    if (mode === 'limited' || mode === 'declined' || mode === 'take_denied') return;
    heapPush(holds, { activation: act, mode, version, start: run.start, end: run.end });
  }

  /** A SUL in use is taken from its earliest holder, unless this person's takes are used up. */
  private tryTake(act: PlannedActivation, dayIndex: number, at: number, holds: Hold[], sink: UsageSink): AccessMode {
    const key = `${act.email}|${Math.floor(dayIndex / 7)}`;
    const used = this.takes.get(key) ?? 0;
    if (used >= TAKES_PER_WEEK) return 'take_denied';
    this.takes.set(key, used + 1);
    let victim = 0;
    for (let i = 1; i < holds.length; i++) if (holds[i]!.start < holds[victim]!.start) victim = i;
    const hold = heapRemoveAt(holds, victim);
    hold.end = at;
    this.emitSession(hold, sink);
    return 'take';
  }

  /** Sessions that ended by `at` free their seat (holds are a min-heap by end). */
  private release(holds: Hold[], at: number, sink: UsageSink): void {
    while (holds.length > 0 && holds[0]!.end <= at) this.emitSession(heapRemoveAt(holds, 0), sink);
  }

  private emitSession(hold: Hold, sink: UsageSink): void {
    const { endMs } = this.world;
    const act = hold.activation;
    const open = hold.end > endMs;
    const heartbeat = open ? hold.start + Math.floor((endMs - hold.start) / HEARTBEAT_MS) * HEARTBEAT_MS : hold.end;
    sink.session(
      this.ids.uuid7(hold.start),
      act.license,
      act.email,
      act.machine,
      hold.version,
      hold.start,
      heartbeat,
      open ? null : hold.end,
    );
    this.stats.sessions++;
    if (open) this.stats.openSessions++;
    // A checked-out seat runs offline and reports no renewals.
    if (hold.mode === 'checkout') return;
    const until = Math.min(hold.end, endMs);
    for (let at = hold.start + RENEWAL_MS; at < until; at += RENEWAL_MS)
      this.emitEvent(act, 'full', hold.version, at, sink);
  }

  private emitEvent(act: PlannedActivation, mode: AccessMode, version: string, at: number, sink: UsageSink): void {
    sink.event(this.ids.uuid7(at), act.license, mode, act.email, act.machine, version, at);
    this.stats.events++;
    this.stats.byMode[mode] = (this.stats.byMode[mode] ?? 0) + 1;
  }
}

/** Program starts cluster around 9:00 and after lunch, between 6:45 and 19:30 local time. */
function startHour(rng: Prng): number {
  const hour = rng.chance(0.55) ? 9 + 0.9 * rng.normal() : 13.75 + 1.1 * rng.normal();
  return Math.min(19.5, Math.max(6.75, hour));
}

/** Hours from this day's midnight to the midnight of the next Monday–Friday. */
function nextWorkingMorning(days: LocalDay[], dayIndex: number): number {
  let weekday = days[dayIndex]!.weekday;
  let hours = 0;
  do {
    hours += 24;
    weekday = (weekday + 1) % 7;
  } while (weekday === 0 || weekday === 6);
  return hours;
}
