import { linkWorkspace } from '../accounts/workspace-link.service.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount, writeLine } from './cli-command.js';

export const linkCommand: CliCommand = {
  name: 'link',
  summary: 'link a Slack workspace or Teams tenant to an account',
  usage: 'licbot link slack TEAM_ID [--account SLUG]\nlicbot link teams TENANT_ID [--account SLUG]',
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(argv, ACCOUNT_FLAG, true);
    const [platform, externalId, ...extra] = positionals;
    if (platform !== 'slack' && platform !== 'teams') throw new UsageError('link needs the platform: slack or teams.');
    if (!externalId || extra.length)
      throw new UsageError(
        `link ${platform} needs exactly one ${platform === 'slack' ? 'team id (T…)' : 'tenant id'}.`,
      );
    await withAccount(ctx.config, values.account, (em, account) =>
      linkWorkspace(em, account, platform, externalId, 'cli'),
    );
    writeLine(ctx.stdout, `Linked ${platform} ${externalId} to account "${values.account}".`);
    return 0;
  },
};
