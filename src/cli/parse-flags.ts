import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../core/tokenize.js';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--name` or `--name=…` of an option this command has. */
function isOption(word: string, options: Options): boolean {
  const match = /^--([^=]+)/.exec(word);
  return match?.[1] !== undefined && Object.hasOwn(options, match[1]);
}

/**
 * `--limit -5` means the value "-5" (which the command then refuses with its own reason),
 * not "a flag without its value": node's parseArgs calls any value that starts with a dash
 * ambiguous. A word that is one of the command's own options stays an option.
 */
function attachDashValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    const next = argv[i + 1];
    const name = /^--([^=]+)$/.exec(word)?.[1];
    const takesValue = name !== undefined && options[name]?.type === 'string';
    if (takesValue && next?.startsWith('-') && !isOption(next, options)) {
      out.push(`${word}=${next}`);
      i += 1;
    } else out.push(word);
  }
  return out;
}

const flag = (name: string) => `--${name}`;

/** parseArgs' errors, said the way this CLI says things: which flag, and what to do. */
function usageErrorOf(error: Error & { code?: string }, argv: readonly string[], options: Options): UsageError {
  const names = Object.keys(options).map(flag);
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? quoted;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = closest(option.split('=')[0] ?? option, names);
      return new UsageError(`Unknown option ${option}.${guess ? ` Did you mean ${guess}?` : ''}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const guess = closest(`--${option}`, names);
      return new UsageError(
        guess
          ? `Unexpected "${option}". Did you mean ${guess}?`
          : `Unexpected "${option}": this command takes only options.`,
      );
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(error.message))
        return new UsageError(`${option} takes no value (write just ${option}).`);
      const after = argv[argv.indexOf(option) + 1];
      return new UsageError(
        after === undefined ? `${option} needs a value.` : `${option} needs a value before ${after.split('=')[0]}.`,
      );
    }
    default:
      return new UsageError(error.message.split('\n')[0] ?? 'bad arguments');
  }
}

/**
 * Strict flag parsing: an unknown flag (with the closest real one), a missing value or a
 * stray word is a UsageError naming it.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: attachDashValues(argv, options), options, strict: true, allowPositionals });
  } catch (error) {
    throw usageErrorOf(error as Error, argv, options);
  }
}
