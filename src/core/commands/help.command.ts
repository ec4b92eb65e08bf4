import type { Command, Platform } from '../command.js';
import type { Reply } from '../reply.js';

/** Lines of help, one per command in registry order, so help never drifts from the registry. */
export function helpReply(commands: readonly Command[], platform: Platform = 'slack'): Reply {
  const rows = commands.map((c) => [
    c.usage,
    c.summary,
    c.role === 'admin' ? 'admin' : c.role === 'manager' ? 'manager or admin' : 'anyone',
  ]);
  return {
    title: 'LicBot commands',
    text: `LicBot shows how your software licenses are used. ${VISIBILITY[platform]}`,
    tables: [{ columns: [{ header: 'Command' }, { header: 'What it does' }, { header: 'Needs' }], rows, notes: [] }],
    notes: [
      {
        level: 'info',
        text: 'Product names match case-insensitively and by unique prefix, e.g. `elum` for ElumTools.',
      },
    ],
  };
}

/** Who sees a reply differs: Slack answers privately unless asked; Teams answers where you typed. */
const VISIBILITY: Record<Platform, string> = {
  slack: 'Replies are visible only to you; add `public` to share one in the channel.',
  teams: 'In a personal chat only you see the replies; in a channel they go to the thread where you typed.',
};

/** `help` is open to everyone in a linked workspace: it shows no data. */
export function helpCommand(all: () => readonly Command[]): Command<null> {
  return {
    name: 'licstats help',
    usage: '/licstats help',
    summary: 'this list',
    role: 'anyone',
    parse: () => null,
    run: async (_parsed, request) => helpReply(all(), request.platform),
  };
}
