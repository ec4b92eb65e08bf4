import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger };

/** Credentials that show up inside strings (messages, error texts, URLs). */
const SECRET_TEXT =
  /\bxox[a-z]-[\w-]+|\bxapp-[\w-]+|\blbk_[\w-]{16,}|https:\/\/hooks\.slack\.com\/\S+|(?<=\/\/[^/\s:@]+:)[^@\s/]+(?=@)/g;

/** Scrubs credentials out of a string: Slack tokens, API keys, response URLs, URL passwords. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_TEXT, '[redacted]');
}

const SECRET_KEYS = [
  'authorization',
  'cookie',
  'token',
  'apiKey',
  'key',
  'secret',
  'password',
  'activationCode',
  'response_url',
  'responseUrl',
  'replyTo',
  'signingSecret',
  'x-slack-signature',
];

/** Fields named like a credential are redacted wherever they are (up to three levels deep). */
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const key = /^[\w]+$/.test(k) ? k : `["${k}"]`;
  const dot = key.startsWith('[') ? '' : '.';
  return [key, `*${dot}${key}`, `*.*${dot}${key}`, `*.*.*${dot}${key}`];
});

function scrubDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  // Only plain objects: Errors have their serializer, Dates and class instances stay as they are.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/** pino-pretty is optional (not in production images): pretty output only where it is installed. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export interface LoggerSetup {
  /** Where lines go (tests capture them); default stdout. */
  destination?: DestinationStream;
  /** Human-readable lines (pino-pretty); default: when stdout is a terminal. */
  pretty?: boolean;
}

/**
 * One logger for the process: JSON lines (request and job ids come in through child
 * loggers). Anything that looks like a credential is redacted, by field name (pino's
 * redact) and inside strings (error messages, URLs), so a careless `log.info({ req })` or
 * an error quoting a URL cannot leak a token, a key or a Slack response_url.
 */
export function createLogger(level: string, setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'licbot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubDeep(a, 0)) as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: Error) => {
        const serialized = pino.stdSerializers.err(error);
        return {
          ...serialized,
          message: scrubSecrets(serialized.message),
          stack: scrubSecrets(serialized.stack ?? ''),
        };
      },
    },
  };
  const pretty = setup.pretty ?? (process.stdout.isTTY === true && !setup.destination);
  if (pretty && prettyAvailable() && level !== 'silent')
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss', singleLine: true, ignore: 'pid,hostname,service' },
      },
    });
  return setup.destination ? pino(options, setup.destination) : pino(options);
}
