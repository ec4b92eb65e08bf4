import { UsageError } from '../../errors.js';
import type { Command, Role } from '../command.js';
import type { Reply } from '../reply.js';
import { grantRole, mention, revokeRole, roleHolders } from '../roles.js';
import { parseMention } from '../tokenize.js';

type Parsed = { action: 'list' } | { action: 'add' | 'remove'; userId: string; name?: string };

/** `/licstats admins …` and `/licstats managers …`: the same shape for both roles. */
function roleCommand(role: Role, plural: string): Command<Parsed> {
  const aRole = role === 'admin' ? 'an admin' : 'a manager';
  const usage = `/licstats ${plural} | /licstats ${plural} add @user | /licstats ${plural} remove @user`;
  return {
    name: `licstats ${plural}`,
    usage,
    summary: `list, add or remove ${plural}`,
    role: 'admin',
    parse(args) {
      const [action, who, ...extra] = args;
      if (action === undefined) return { action: 'list' };
      if (action !== 'add' && action !== 'remove')
        throw new UsageError(`"${action}" is not add or remove.`, `Usage: ${usage}`);
      const target = who ? parseMention(who) : undefined;
      if (!target)
        throw new UsageError(
          who ? `"${who}" is not a user mention.` : `Say who to ${action}.`,
          `Mention them, e.g. /licstats ${plural} ${action} @alice`,
        );
      if (extra.length) throw new UsageError(`Unexpected "${extra[0]}".`, `Usage: ${usage}`);
      return { action, ...target };
    },
    async run(parsed, request, ctx): Promise<Reply> {
      if (parsed.action === 'list') {
        const holders = await roleHolders(ctx.em, request.account, role, ctx.config.ADMINS);
        const here = holders.filter((h) => h.platform === request.platform);
        return {
          title: `${plural[0]?.toUpperCase()}${plural.slice(1)} of ${request.account.name}`,
          text: here.length
            ? here
                .map((h) => `• ${mention(h.userId)}${h.source === 'config' ? ' (from ADMINS setting)' : ''}`)
                .join('\n')
            : `No ${plural} yet.`,
          notes: [{ level: 'info', text: `Add one with /licstats ${plural} add @user.` }],
        };
      }
      if (parsed.action === 'add') {
        const added = await grantRole(ctx.em, request, parsed, role);
        return {
          text: added ? `${mention(parsed.userId)} is now ${aRole}.` : `${mention(parsed.userId)} already is ${aRole}.`,
        };
      }
      const removed = await revokeRole(ctx.em, request, parsed, role, ctx.config.ADMINS);
      return {
        text: removed
          ? `${mention(parsed.userId)} is no longer ${aRole}.`
          : `${mention(parsed.userId)} was not ${aRole}.`,
      };
    },
  };
}

export const adminsCommand = roleCommand('admin', 'admins');
export const managersCommand = roleCommand('manager', 'managers');
