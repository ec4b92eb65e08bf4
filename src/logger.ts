import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * One logger for the process. Anything that looks like a credential is redacted by path, so
 * a careless `log.info({ req })` cannot leak a token or a key.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'licbot' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        '*.headers.authorization',
        'token',
        '*.token',
        'apiKey',
        '*.apiKey',
        'activationCode',
        '*.activationCode',
        '*.*.activationCode',
      ],
      censor: '[redacted]',
    },
  });
}
