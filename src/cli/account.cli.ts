import { createAccount, listAccounts } from '../accounts/account.service.js';
import { type CliCommand, parseFlags, UsageError, unknownAction, withEm, writeLine } from './cli-command.js';

const usage = `licbot account create --name NAME --slug SLUG [--tz ZONE]
licbot account list`;

export const accountCommand: CliCommand = {
  name: 'account',
  summary: 'create and list accounts',
  usage,
  async run(argv, ctx) {
    const [action, ...rest] = argv;
    if (action === 'create') {
      const { values } = parseFlags(rest, {
        name: { type: 'string' },
        slug: { type: 'string' },
        tz: { type: 'string' },
      });
      if (!values.name || !values.slug) throw new UsageError('account create needs --name and --slug.');
      const account = await withEm(ctx.config, (em) =>
        createAccount(em, {
          name: values.name as string,
          slug: values.slug as string,
          timeZone: values.tz ?? ctx.config.DEFAULT_TIME_ZONE,
        }),
      );
      writeLine(ctx.stdout, `Created account "${account.slug}" (${account.name}, ${account.timeZone}).`);
      return 0;
    }
    if (action === 'list') {
      parseFlags(rest, {});
      const accounts = await withEm(ctx.config, listAccounts);
      for (const a of accounts) writeLine(ctx.stdout, `${a.slug}\t${a.name}\t${a.timeZone}`);
      return 0;
    }
    throw unknownAction('account', action, ['create', 'list']);
  },
};
