import { createApiKey, listApiKeys, revokeApiKey } from '../accounts/api-key.service.js';
import { MAX_ID, typedWholeNumber } from '../domain/typed-input.js';
import {
  ACCOUNT_FLAG,
  type CliCommand,
  parseFlags,
  UsageError,
  unknownAction,
  withAccount,
  writeLine,
} from './cli-command.js';

const usage = `licbot apikey create --name NAME [--account SLUG]
licbot apikey list [--account SLUG]
licbot apikey revoke ID [--account SLUG]`;

export const apikeyCommand: CliCommand = {
  name: 'apikey',
  summary: 'create, list and revoke API keys for the event API',
  usage,
  async run(argv, ctx) {
    const [action, ...rest] = argv;
    if (action === 'create') {
      const { values } = parseFlags(rest, { ...ACCOUNT_FLAG, name: { type: 'string' } });
      if (!values.name) throw new UsageError('apikey create needs --name.');
      const created = await withAccount(ctx.config, values.account, (em, account) =>
        createApiKey(em, account, values.name as string, 'cli'),
      );
      writeLine(
        ctx.stderr,
        `Created API key ${created.id} for account "${values.account}". It is shown once; store it now:`,
      );
      // Alone on the last line of stdout, so scripts can capture it with `tail -n 1`.
      writeLine(ctx.stdout, created.key);
      return 0;
    }
    if (action === 'list') {
      const { values } = parseFlags(rest, ACCOUNT_FLAG);
      const keys = await withAccount(ctx.config, values.account, listApiKeys);
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        writeLine(ctx.stdout, `${k.id}\t${k.name}\t${state}\tcreated ${k.createdAt.toISOString()}`);
      }
      if (keys.length === 0)
        writeLine(ctx.stdout, 'No API keys yet. Create one with `licbot apikey create --name NAME`.');
      return 0;
    }
    if (action === 'revoke') {
      const { values, positionals } = parseFlags(rest, ACCOUNT_FLAG, true);
      if (positionals.length !== 1 || positionals[0] === undefined)
        throw new UsageError('apikey revoke needs one key ID (see licbot apikey list).');
      const id = typedWholeNumber(positionals[0], 'The key ID', { min: 1, max: MAX_ID }, 'See licbot apikey list.');
      await withAccount(ctx.config, values.account, (em, account) => revokeApiKey(em, account, id, 'cli'));
      writeLine(ctx.stdout, `Revoked API key ${id}.`);
      return 0;
    }
    throw unknownAction('apikey', action, ['create', 'list', 'revoke']);
  },
};
