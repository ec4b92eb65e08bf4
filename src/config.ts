import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from './domain/time-zone.js';
import { ConfigError } from './errors.js';

const DEV_HASH_SECRET = 'licbot-local-development-only';

/**
 * A whole number setting, digits only: `z.coerce.number()` read `eighty` as NaN and said
 * "expected number, received NaN", and took `1e3` or `0x10` as numbers.
 */
const wholeNumber = (min: number, max: number, note = '') => {
  const message = `must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}${note}`;
  return z
    .string()
    .trim()
    .regex(/^\d{1,16}$/, { message })
    .transform(Number)
    .pipe(z.number().min(min, { message }).max(max, { message }));
};
const int = (fallback: number, min: number, max: number, note = '') => wholeNumber(min, max, note).default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** `24h`, `90m`, `30s`, `2d` or plain seconds. */
function durationSeconds(text: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[text.at(-1) as 's'] ?? 1;
  return Number.parseInt(text, 10) * unit;
}

/** Express's names for address ranges, usable in TRUST_PROXY. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isProxyAddress = (entry: string) => {
  const [address = '', bits, ...rest] = entry.split('/');
  if (rest.length) return false;
  const family = isIP(address);
  const maxBits = family === 4 ? 32 : 128;
  return family !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits));
};

/**
 * Which proxies' X-Forwarded-For to believe, as Express's `trust proxy` takes it: nothing
 * (the socket's peer is the client), a hop count, or addresses, subnets and range names.
 * "true" (every proxy) is refused: any client could then pick its own address.
 */
const trustProxy = z
  .string()
  .trim()
  .default('')
  .transform((raw, ctx): false | number | string[] => {
    if (raw === '' || raw === 'false' || raw === '0') return false;
    if (/^\d+$/.test(raw)) {
      if (Number(raw) <= 10) return Number(raw);
      ctx.addIssue({ code: 'custom', message: 'a hop count must be 1-10 (the proxies in front of LicBot)' });
      return z.NEVER;
    }
    const entries = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.find((e) => !PROXY_RANGES.has(e) && !isProxyAddress(e));
    if (bad === undefined) return entries;
    ctx.addIssue({
      code: 'custom',
      message: `"${bad}" is not a proxy address: give a hop count (1 = one proxy in front), or comma-separated addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal ("true" is refused: any client could pick its own address)`,
    });
    return z.NEVER;
  });

const timeZone = z.string().refine(isValidTimeZone, {
  message: 'must be an IANA time zone such as UTC or Europe/Berlin',
});

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+\/[^/?]+/, {
        message: 'must look like postgres://USER@HOST:PORT/DATABASE',
      })
      .default('postgres://postgres@127.0.0.1:5432/licbot'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { message: 'must look like redis://HOST:PORT' })
      .default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default('licbot'),
    PORT: int(3000, 0, 65535, ', or 0 for any free port'),
    /** `/metrics` of `licbot worker` and `licbot scheduler`; unset: none (serve has its own). */
    METRICS_PORT: wholeNumber(0, 65535, ', or 0 for any free port').optional(),
    PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
    HASH_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).default(DEV_HASH_SECRET),
    DEFAULT_TIME_ZONE: timeZone.default('UTC'),
    SESSION_TIMEOUT_MINUTES: int(30, 1, 24 * 60),
    JOB_LOCK_SECONDS: int(30, 2, 600),
    API_RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),
    API_AUTH_FAILURES_PER_MINUTE: int(20, 1, 100_000),
    TRUST_PROXY: trustProxy,
    HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: int(65, 1, 3600),
    HTTP_HEADERS_TIMEOUT_SECONDS: int(70, 1, 3600),
    WORKER_SHUTDOWN_GRACE_SECONDS: int(20, 0, 3600),
    ADMINS: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().regex(/^([a-z0-9][a-z0-9-]*\/)?(slack|teams):[\w-]+$/, {
            message:
              'entries must be slack:<user id> or teams:<aad object id> (prefix ACCOUNT_SLUG/ for other accounts than default), comma-separated',
          }),
        ),
      ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_API_URL: z.url().optional(),
    SLACK_TIMEOUT_SECONDS: int(30, 1, 300),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    TEAMS_LOCAL_MODE: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    FILES_DIR: z.string().min(1).default(join(tmpdir(), 'licbot-files')),
    FILE_LINK_TTL: z
      .string()
      .regex(/^\d+[smhd]?$/, { message: 'must be a duration such as 24h, 90m or 3600 (seconds)' })
      .default('24h')
      .transform(durationSeconds),
  })
  .superRefine((env, ctx) => {
    if (
      env.MICROSOFT_APP_ID &&
      !env.TEAMS_LOCAL_MODE &&
      env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' &&
      !env.MICROSOFT_APP_PASSWORD
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is needed with MICROSOFT_APP_ID (the client secret of the Azure Bot app registration)',
      });
    }
    if (env.NODE_ENV === 'production' && env.TEAMS_LOCAL_MODE) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_LOCAL_MODE'],
        message: 'accepts unauthenticated Teams activities and cannot be used in production',
      });
    }
    if (env.HTTP_HEADERS_TIMEOUT_SECONDS <= env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_HEADERS_TIMEOUT_SECONDS'],
        message: `must be greater than HTTP_KEEP_ALIVE_TIMEOUT_SECONDS (${env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS}), or a request arriving as the idle time ends is cut`,
      });
    }
    if (env.NODE_ENV === 'production' && env.HASH_SECRET === DEV_HASH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['HASH_SECRET'],
        message: 'must be set to a private random value in production (e.g. `openssl rand -hex 32`)',
      });
    }
  });

export type Config = z.infer<typeof schema>;

/** Every variable LicBot reads (documented one by one in .env.example). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

/**
 * Reads the environment once. Every problem is collected into a single error so an operator
 * fixes them all in one go instead of one restart per variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const given = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = given === undefined || /SECRET|TOKEN|PASSWORD/.test(name) ? '' : ` (got "${given}")`;
    return `  - ${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(
    `LicBot cannot start: ${lines.length} environment variable(s) need fixing:\n${lines.join('\n')}\nSee .env.example for every variable and its default.`,
  );
}
