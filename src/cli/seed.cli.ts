import { displayActivationCode } from '../domain/license.js';
import { plural } from '../domain/plural.js';
import { typedDate } from '../domain/typed-input.js';
import { SCALES, type Scale } from '../seed/scales.js';
import { type SeedSummary, seedAccount } from '../seed/seed.service.js';
import { type CliCommand, parseFlags, UsageError, writeLine } from './cli-command.js';

const usage = `licbot seed [--scale small|large] [--seed N] [--end DATE] [--account SLUG] [--replace]
  --scale    small: ~50 users over 90 days (default); large: 5,000 users, 40 licenses, ~1M sessions
  --seed     any whole number 0-4294967295 (default 1); the same seed and --end give identical data
  --end      YYYY-MM-DD (UTC midnight) or an ISO instant; the data ends there (default: today, UTC)
  --account  the account to fill (default: default); it must have no licenses yet
  --replace  first delete that account's licenses, activations, sessions, events and resets`;

/** `--end` as epoch ms: a date means its UTC midnight, so a whole day reproduces the same data. */
export function parseEnd(text: string | undefined, now = new Date()): number {
  if (text === undefined) return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = dateOnly
    ? Date.parse(`${text}T00:00:00Z`)
    : /T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)
      ? Date.parse(text)
      : NaN;
  if (Number.isNaN(ms))
    throw new UsageError(`--end "${text}" is not a date: use YYYY-MM-DD or e.g. 2026-03-02T09:30Z.`);
  typedDate(new Date(ms).toISOString().slice(0, 10), '--end');
  return Math.floor(ms / 1000) * 1000;
}

export function parseSeed(text: string | undefined): number {
  if (text === undefined) return 1;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || seed > 0xffffffff)
    throw new UsageError(`--seed "${text}" must be a whole number 0-4294967295.`);
  return seed;
}

export function printSummary(out: NodeJS.WritableStream, s: SeedSummary): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const modes = Object.entries(s.usage.byMode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([mode, count]) => `${mode} ${n(count)}`)
    .join(', ');
  if (s.replacedLicenses)
    writeLine(out, `Deleted the ${s.replacedLicenses} previous license(s) of "${s.account}" and their data.`);
  writeLine(
    out,
    `Seeded account "${s.account}" (${s.timeZone}), ${new Date(s.startMs).toISOString()} to ${new Date(s.endMs).toISOString()}:`,
  );
  writeLine(
    out,
    `  ${n(s.licenses.length)} licenses, ${n(s.users)} users, ${n(s.activations)} activations (${n(s.deactivations)} deactivated)`,
  );
  writeLine(
    out,
    `  ${n(s.usage.sessions)} sessions (${n(s.usage.openSessions)} still open), ${n(s.usage.events)} access events: ${modes}`,
  );
  for (const l of s.licenses) {
    const seats = plural(l.seats, 'seat');
    writeLine(
      out,
      `  ${l.product.padEnd(24)} ${l.type} ${seats.padEnd(10)} AC ${displayActivationCode(l.prefix)}  expires ${l.expiresAt}`,
    );
  }
  writeLine(out, `Done in ${(s.elapsedMs / 1000).toFixed(1)} s.`);
}

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'fill an account with realistic, reproducible demo data',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string' },
      end: { type: 'string' },
      account: { type: 'string', default: 'default' },
      replace: { type: 'boolean', default: false },
    });
    if (!SCALES.includes(values.scale as Scale))
      throw new UsageError(`--scale "${values.scale}" is not one of: ${SCALES.join(', ')}.`);
    const summary = await seedAccount(ctx.config, {
      scale: values.scale as Scale,
      seed: parseSeed(values.seed),
      endMs: parseEnd(values.end),
      account: values.account,
      replace: values.replace,
      // Only the large scale takes long enough to deserve progress lines.
      onDay: (day, days) => {
        if (values.scale === 'large' && day % 15 === 0) writeLine(ctx.stderr, `  … ${day}/${days} days loaded`);
      },
    });
    printSummary(ctx.stdout, summary);
    return 0;
  },
};
