import { describe, expect, it } from 'vitest';
import { parseEnd, parseSeed } from '../../src/cli/seed.cli.js';
import { isoTime } from '../../src/seed/copy-writer.js';
import { Prng } from '../../src/seed/prng.js';
import { SCALE_SPECS } from '../../src/seed/scales.js';
import { localDays, localToUtc, zoneOffsetMs } from '../../src/seed/seed-time.js';
import { UsageSimulator, type UsageSink } from '../../src/seed/usage-simulator.js';
import { planWorld } from '../../src/seed/world.js';

const END = Date.UTC(2026, 2, 2);
const H = 3_600_000;

describe('seed generator (pure)', () => {
  it('draws the same numbers for the same seed and stream, others for another', () => {
    const a = new Prng(1, 'x');
    const b = new Prng(1, 'x');
    const first = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(first);
    const c = new Prng(2, 'x');
    const d = new Prng(1, 'y');
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(first);
    expect(Array.from({ length: 5 }, () => d.uint32())).not.toEqual(first);
  });

  it('makes RFC 9562 version-7 UUIDs whose first 48 bits are the instant', () => {
    const at = Date.parse('2026-03-02T09:14:03.250Z');
    const id = new Prng(1).uuid7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('formats timestamps exactly like Date#toISOString, without the zero milliseconds', () => {
    for (const ms of [0, END, END + 23 * H + 59 * 60_000 + 59_000, END + 1234, Date.UTC(2024, 1, 29, 7, 5, 9)]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('turns local working hours into UTC across a DST switch and for half-hour zones', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 0, 15, 12))).toBe(H);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 6, 15, 12))).toBe(2 * H);
    expect(zoneOffsetMs('Asia/Kolkata', END)).toBe(5.5 * H);
    const days = localDays('Europe/Berlin', Date.UTC(2026, 2, 27), Date.UTC(2026, 2, 31));
    expect(days.map((d) => d.date)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(days.map((d) => d.weekday)).toEqual([5, 6, 0, 1, 2]);
    // 09:00 in Berlin is 08:00Z before the switch on Sunday 29 March, 07:00Z after it.
    expect(new Date(localToUtc(days[0]!, 9)).toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(new Date(localToUtc(days[3]!, 9)).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    const kolkata = localDays('Asia/Kolkata', END - 86_400_000, END);
    expect(kolkata.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02']);
    expect(new Date(localToUtc(kolkata[1]!, 9)).toISOString()).toBe('2026-03-02T03:30:00.000Z');
  });

  it('plans the large scale: 5,000 distinct users, 40 licenses, pools sized by profile, no HWK activations', () => {
    const world = planWorld(SCALE_SPECS.large, 1, END, 'UTC');
    expect(new Set(world.people.map((p) => p.email)).size).toBe(5000);
    expect(world.licenses).toHaveLength(40);
    expect(new Set(world.licenses.map((l) => l.activationCode)).size).toBe(40);
    expect(world.licenses.filter((l) => l.type === 'HWK')).toHaveLength(5);
    const hwk = new Set(world.licenses.flatMap((l, i) => (l.type === 'HWK' ? [i] : [])));
    expect(world.activations.filter((a) => hwk.has(a.license))).toEqual([]);
    // The first pool of each product is the busy one: fewer seats per user than the roomy fifth.
    for (let product = 0; product < 5; product++) {
      const perUser = (index: number) =>
        world.licenses[index]!.seats / world.activations.filter((a) => a.license === index).length;
      expect(perUser(product * 8)).toBeLessThan(perUser(product * 8 + 4));
    }
  });

  it('simulates the same rows for the same seed and different rows for another', () => {
    const fingerprint = (seed: number) => {
      const world = planWorld(SCALE_SPECS.small, seed, END, 'Asia/Kolkata');
      const simulator = new UsageSimulator(world, seed);
      let text = '';
      const sink: UsageSink = {
        session: (...values) => {
          text += `${values.join('|')}\n`;
        },
        event: (...values) => {
          text += `${values.join('|')}\n`;
        },
      };
      for (let day = 0; day < simulator.dayCount; day++) simulator.simulateDay(day, sink);
      simulator.finish(sink);
      return text;
    };
    const first = fingerprint(3);
    expect(first.length).toBeGreaterThan(1_000_000);
    expect(fingerprint(3)).toBe(first);
    expect(fingerprint(4)).not.toBe(first);
  });

  it('parses --end and --seed, defaulting to today at UTC midnight and seed 1', () => {
    expect(parseEnd(undefined, new Date('2026-03-02T17:45:10Z'))).toBe(END);
    expect(parseEnd('2026-03-02')).toBe(END);
    expect(parseEnd('2026-03-02T09:30+01:00')).toBe(END + 8.5 * H);
    expect(() => parseEnd('yesterday')).toThrow('--end "yesterday" is not a date');
    expect(() => parseEnd('2026-03-02T09:30')).toThrow('is not a date');
    expect(parseSeed(undefined)).toBe(1);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(() => parseSeed('4294967296')).toThrow('must be a whole number');
  });
});
