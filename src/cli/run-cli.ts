import { loadConfig } from '../config.js';
import { closest } from '../core/tokenize.js';
import { visibleText } from '../domain/visible-text.js';
import { ConfigError, MultilineUserError, UserError } from '../errors.js';
import { type CliCommand, type CliContext, UsageError, writeLine } from './cli-command.js';
import { cliCommands } from './registry.js';

function usageText(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: licbot <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`licbot <command> --help\` for a command's options.`;
}

/**
 * A refusal as one line: it may quote stored names (products, codes), escaped for the
 * terminal. A refusal written in lines on purpose has its quoted values escaped already.
 */
function reasonOf(error: UserError): string {
  if (error instanceof MultilineUserError) return error.message;
  return visibleText(error.hint ? `${error.message} ${error.hint}` : error.message);
}

/**
 * The CLI's one error boundary: usage and user errors print a reason and exit non-zero;
 * anything else is a bug and prints its stack.
 */
export async function runCli(
  argv: string[],
  io: Pick<CliContext, 'stdout' | 'stderr'> = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    writeLine(name ? io.stdout : io.stderr, usageText(cliCommands));
    return name ? 0 : 2;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    // The same suggestion as chat's "Did you mean /licstats flags?".
    const guess = closest(
      name,
      cliCommands.map((c) => c.name),
    );
    const meant = guess ? ` Did you mean licbot ${guess}?` : '';
    writeLine(io.stderr, `Unknown command "${name}".${meant}\n\n${usageText(cliCommands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, `Usage:\n${command.usage}`);
    return 0;
  }
  try {
    const config = loadConfig(env);
    return (await command.run(rest, { config, env, ...io })) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `${reasonOf(error)}\n\nUsage:\n${command.usage}`);
      return 2;
    }
    if (error instanceof UserError) {
      writeLine(io.stderr, reasonOf(error));
      return 1;
    }
    if (error instanceof ConfigError) {
      writeLine(io.stderr, error.message);
      return 78;
    }
    // undefined_table: the database exists but was never migrated (created by hand, or empty).
    if ((error as { code?: string }).code === '42P01') {
      writeLine(io.stderr, 'The database has no LicBot tables yet. Create them with `licbot migrate`.');
      return 1;
    }
    writeLine(io.stderr, `licbot ${name} failed unexpectedly:\n${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
