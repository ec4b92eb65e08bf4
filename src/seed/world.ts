import { applyLifecycles } from './lifecycles.js';
import { makePeople, type Person } from './people.js';
import type { PlannedActivation, PlannedLicense, World } from './plan-types.js';
import { Prng } from './prng.js';
import { PEAK_PER_RUN, POOL_SEAT_FACTOR, PRODUCT_PROFILES, type ScaleSpec } from './scales.js';
import { DAY_MS, type LocalDay, localDays, roundSecond } from './seed-time.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function activationCode(rng: Prng): string {
  const group = () => Array.from({ length: 5 }, () => rng.pick([...CODE_ALPHABET])).join('');
  return [group(), group(), group(), group()].join('-');
}

/** Everything but usage: people, licenses with seats sized to their users, activations. */
export function planWorld(spec: ScaleSpec, seed: number, endMs: number, timeZone: string): World {
  const rng = new Prng(seed, 'world');
  const startMs = endMs - spec.days * DAY_MS;
  const days = localDays(timeZone, startMs, endMs);
  const people = makePeople(rng, spec.users, spec.domains);

  const users: number[][] = spec.licenses.map(() => []);
  const room = (l: number) => spec.licenses[l]!.type === 'SUL' && users[l]!.length < 2 * spec.licenses[l]!.seats!;
  const assignments: { person: number; license: number }[] = [];
  people.forEach((_, person) => {
    const products = PRODUCT_PROFILES.map((p, i) => (rng.chance(p.adoption) ? i : -1)).filter((i) => i >= 0);
    for (const product of products.length ? products : [0]) {
      const candidates = spec.licenses.map((t, i) => (t.product === product ? i : -1)).filter((i) => i >= 0);
      const singles = candidates.filter(room);
      const pools = candidates.filter((i) => spec.licenses[i]!.type === 'MUL');
      const weights = pools.map((i) => (spec.licenses[i]!.profile === 'roomy' ? 0.6 : 1));
      let license: number | undefined;
      if (singles.length && (pools.length === 0 || rng.chance(0.25))) license = rng.pick(singles);
      else if (pools.length) license = weightedPick(rng, pools, weights);
      if (license === undefined) continue;
      users[license]!.push(person);
      assignments.push({ person, license });
    }
  });

  const lastDay = days[days.length - 1]!;
  const codes = new Set<string>();
  const licenses = spec.licenses.map((t, i): PlannedLicense => {
    const n = users[i]!.length;
    // MUL seats are sized from the planned usage once activations are known (sizePools).
    const seats = t.seats ?? 0;
    const activationsAllowed =
      t.type === 'MUL' ? n + Math.max(2, Math.ceil(n * 0.15)) : t.type === 'SUL' ? 2 * seats : seats;
    let expiry = lastDay.wallMidnight + rng.int(45, 420) * DAY_MS;
    let lastValidDay: number | null = null;
    if (t.expiry === 'expiring') expiry = lastDay.wallMidnight + 12 * DAY_MS;
    if (t.expiry === 'expired') {
      lastValidDay = days.length - 21;
      expiry = days[lastValidDay]!.wallMidnight;
    }
    let code = activationCode(rng);
    while (codes.has(code)) code = activationCode(rng);
    codes.add(code);
    const expiresAt = new Date(expiry).toISOString().slice(0, 10);
    return {
      product: t.product,
      type: t.type,
      seats,
      activationsAllowed,
      expiresAt,
      activationCode: code,
      lastValidDay,
    };
  });

  const activations = assignments.map(({ person, license }) =>
    baseActivation(rng, spec, days, startMs, people[person]!, licenses[license]!, license),
  );
  const all = [...activations, ...applyLifecycles(rng, days, activations, people, spec.domains)];
  sizePools(spec, licenses, all, days.length);
  return { timeZone, startMs, endMs, days, people, licenses, activations: all };
}

/**
 * Seats of a MUL pool relative to its expected weekday peak: about PEAK_PER_RUN concurrent
 * sessions per daily run at the busiest hour, plus Poisson-like spread. Busy pools get fewer
 * seats than that peak (declines most weekdays), roomy ones far more (an under-used pool).
 */
function sizePools(spec: ScaleSpec, licenses: PlannedLicense[], activations: PlannedActivation[], days: number) {
  licenses.forEach((license, i) => {
    if (license.type !== 'MUL') return;
    const runs = activations
      .filter((a) => a.license === i)
      .reduce((sum, a) => sum + (a.runsPerDay * Math.max(0, a.untilDay - a.fromDay)) / days, 0);
    const mean = PEAK_PER_RUN * runs;
    const peak = mean + 1.5 * Math.sqrt(mean);
    license.seats = Math.max(2, Math.round(peak * POOL_SEAT_FACTOR[spec.licenses[i]!.profile ?? 'normal']));
  });
}

function weightedPick(rng: Prng, items: number[], weights: number[]): number {
  let roll = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

function baseActivation(
  rng: Prng,
  spec: ScaleSpec,
  days: LocalDay[],
  startMs: number,
  person: Person,
  license: PlannedLicense,
  index: number,
): PlannedActivation {
  const { versions, newestAt } = PRODUCT_PROFILES[license.product]!;
  const newest = versions[versions.length - 1]!;
  const previous = versions[versions.length - 2]!;
  const older = versions.slice(0, -1);
  const roll = rng.next();
  // Most people move to the newest release within weeks of it; some stay behind for good.
  let versionFrom: string = rng.chance(0.15) ? rng.pick(older) : previous;
  let versionTo: string = newest;
  if (roll < 0.1) versionTo = versionFrom = rng.pick(older);
  else if (roll < 0.22) versionTo = versionFrom = previous;
  const upgradeDay = Math.round(newestAt * days.length) + rng.int(0, 25);
  const daysBefore = rng.int(5, 500);
  return {
    license: index,
    email: person.email,
    machine: person.machine,
    activatedAt: roundSecond(startMs - daysBefore * DAY_MS - rng.next() * DAY_MS),
    deactivatedAt: null,
    fromDay: 0,
    untilDay: days.length,
    runsPerDay: spec.runsPerDay * (0.25 + 1.5 * rng.next()) * (license.type === 'SUL' ? 0.6 : 1),
    versionFrom,
    versionTo,
    upgradeDay,
  };
}
