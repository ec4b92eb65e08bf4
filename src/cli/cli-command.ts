import type { EntityManager } from '@mikro-orm/postgresql';
import { requireAccount } from '../accounts/account.service.js';
import type { Config } from '../config.js';
import { closest } from '../core/tokenize.js';
import type { Account } from '../db/entities/index.js';
import { openOrm } from '../db/orm.js';
import { UsageError } from '../errors.js';

export { parseFlags } from './parse-flags.js';
export { UsageError };

/** What every CLI command gets: the parsed environment and where to write. */
export interface CliContext {
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The raw environment, for commands that must know whether a variable was set at all. */
  env?: NodeJS.ProcessEnv;
}

/** One `licbot <name> …` command. Adding one = a file exporting this + a registry line. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], ctx: CliContext): Promise<number | undefined>;
}

/** Runs `fn` with a fresh unit of work and always closes the connection pool. */
export async function withEm<T>(config: Config, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const orm = await openOrm(config.DATABASE_URL);
  try {
    return await fn(orm.em.fork());
  } finally {
    await orm.close();
  }
}

/** `--account SLUG`, which every command that reads an account's data takes. */
export const ACCOUNT_FLAG = { account: { type: 'string', default: 'default' } } as const;

/** `withEm` with the account of `--account` already looked up (a UserError when it does not exist). */
export function withAccount<T>(
  config: Config,
  slug: string,
  fn: (em: EntityManager, account: Account) => Promise<T>,
): Promise<T> {
  return withEm(config, async (em) => fn(em, await requireAccount(em, slug)));
}

/** `licbot apikey creat` → "Did you mean licbot apikey create?", with chat's suggestion code. */
export function unknownAction(command: string, action: string | undefined, actions: readonly string[]): UsageError {
  if (action === undefined) return new UsageError(`${command} needs an action: ${actions.join(', ')}.`);
  const guess = closest(action, actions);
  return new UsageError(
    `Unknown ${command} action "${action}".${guess ? ` Did you mean licbot ${command} ${guess}?` : ` Actions: ${actions.join(', ')}.`}`,
  );
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
