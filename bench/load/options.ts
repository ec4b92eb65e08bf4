/** The command-line options of bench/load.ts and bench/soak.ts. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCALES, type Scale } from '../../src/seed/scales.js';
import type { LoadOptions } from './run-load.js';

/** The options both bench/load.ts and bench/soak.ts take, with their defaults. */
export function loadOptions(
  argv: string[],
  defaults: { durationS: number; sampleEveryS: number },
): LoadOptions & { out?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: String(defaults.durationS) },
      rate: { type: 'string', default: '20000' },
      admins: { type: 'string', default: '50' },
      connections: { type: 'string', default: '4' },
      batch: { type: 'string', default: '500' },
      workers: { type: 'string', default: '1' },
      subscriptions: { type: 'string', default: '100' },
      'wave-every': { type: 'string', default: '60' },
      channels: { type: 'string', default: '100' },
      think: { type: 'string', default: '2000-8000' },
      scale: { type: 'string', default: 'small' },
      sample: { type: 'string', default: String(defaults.sampleEveryS) },
      'drain-grace': { type: 'string', default: '120' },
      'baseline-events': { type: 'string', default: '200000' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min)
      throw new Error(`--${name} must be a number of at least ${min} (got "${values[name]}")`);
    return n;
  };
  const think = /^(\d+)-(\d+)$/.exec(String(values.think));
  if (!think) throw new Error(`--think must be MIN-MAX milliseconds, e.g. 2000-8000 (got "${values.think}")`);
  if (!SCALES.includes(values.scale as Scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')}`);
  const database = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot');
  database.pathname = '/licbot_bench_load';
  return {
    databaseUrl: database.toString(),
    durationS: number('duration', 5),
    eventsPerSecond: number('rate', 1),
    batch: Math.min(1000, number('batch', 1)),
    connections: number('connections', 1),
    admins: number('admins', 1),
    thinkMs: [Number(think[1]), Number(think[2])],
    workers: number('workers', 1),
    scale: values.scale as Scale,
    subscriptionsPerWave: number('subscriptions', 0),
    waveEveryS: number('wave-every', 1),
    channels: number('channels', 1),
    sampleEveryS: number('sample', 0.1),
    drainGraceS: number('drain-grace', 0),
    baselineEvents: number('baseline-events', 1),
    keepDatabase: values.keep === true,
    out: values.out,
  };
}

/** Prints the JSON, and writes it to --out too when given. */
export function printResult(result: unknown, out?: string): void {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (out) writeFileSync(out, text);
  process.stdout.write(text);
}
