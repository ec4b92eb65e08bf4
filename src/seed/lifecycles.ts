import { machineName, type Person } from './people.js';
import type { PlannedActivation } from './plan-types.js';
import type { Prng } from './prng.js';
import { type LocalDay, localToUtc, roundSecond } from './seed-time.js';

/**
 * Gives a few activations a story: never used or no longer used (idle seats), activated during
 * the window, deactivated (the person left), or moved to a new machine.
 */
export function applyLifecycles(
  rng: Prng,
  days: LocalDay[],
  activations: PlannedActivation[],
  people: Person[],
  domains: readonly string[],
): PlannedActivation[] {
  const n = activations.length;
  const order = rng.shuffle(activations.map((_, i) => i));
  const take = (count: number) => order.splice(0, Math.min(count, order.length)).map((i) => activations[i]!);
  const D = days.length;
  const quota = (share: number, min: number) => Math.max(min, Math.round(share * n));
  for (const a of take(quota(0.03, 1))) a.untilDay = 0;
  for (const a of take(quota(0.06, 2))) a.untilDay = rng.int(3, D - 36);
  for (const a of take(quota(0.08, 1))) {
    const day = rng.int(2, Math.floor(0.7 * D));
    a.activatedAt = roundSecond(localToUtc(days[day]!, 8 + 9 * rng.next()));
    a.fromDay = day + 1;
  }
  const deactivate = (a: PlannedActivation) => {
    const day = rng.int(5, D - 3);
    a.deactivatedAt = roundSecond(localToUtc(days[day]!, 7.25 + 0.5 * rng.next()));
    a.untilDay = day;
    return day;
  };
  for (const a of take(quota(0.02, 1))) deactivate(a);
  const extra: PlannedActivation[] = [];
  for (const a of take(quota(0.02, 1))) {
    const day = deactivate(a);
    const person = people.find((p) => p.email === a.email)!;
    const machine = machineName(rng, domains[person.domain]!, people.length + extra.length + 1);
    const activatedAt = a.deactivatedAt! + rng.int(5, 40) * 60_000;
    extra.push({ ...a, machine, activatedAt, deactivatedAt: null, fromDay: day, untilDay: D });
  }
  return extra;
}
