import { serializeWindow } from '../../domain/time-window.js';
import { sessionHistoryCondensed, sessionHistoryFull } from '../../queries/session-history.query.js';
import {
  exportSessionsFull,
  sessionsCondensedCsv,
  sessionsCondensedTable,
  sessionsFullTables,
} from '../../reports/sessions.report.js';
import type { Command } from '../command.js';
import { sessionsFileName } from '../file-names.js';
import { productNamed } from '../product-arg.js';
import type { Reply, ReplyTable } from '../reply.js';
import { rerunButton } from '../rerun-button.js';
import { renderArgs } from '../tokenize.js';
import { sessionHistoryScope } from '../use-cases/session-history.use-case.js';
import { parseSessionsArgs, SESSIONS_USAGE, type SessionsArgs } from './sessions-args.js';

/** Rows a chat message shows per section before it points to the CSV. */
const CHAT_ROWS = { full: 20, condensed: 40 };
/** Full exports above this many rows are built by a worker, so the command never blocks. */
export const INLINE_EXPORT_MAX_ROWS = 5000;

const GREEN_DOT = '🟢';

/** `/sessions …`: the session history in the full or condensed view, or as CSV. */
export const sessionsCommand: Command<SessionsArgs> = {
  name: 'sessions',
  usage: SESSIONS_USAGE,
  summary: 'session history: who used which program, how long, which version',
  role: 'manager',
  parse: parseSessionsArgs,
  async run(args, request, ctx) {
    const zone = request.account.timeZone;
    const { window, product, filters } = await sessionHistoryScope(ctx.em, request.account, {
      from: args.from,
      to: args.to,
      product: productNamed(args.productWords),
      user: args.user,
      now: ctx.now,
      window: ctx.window,
    });
    const fileName = sessionsFileName(args.view, window.fromDate, window.toDate, product?.name);
    // The words as typed, quoted where they must be, so the button asks for the same view.
    const words = [...request.args.filter((a) => a.toLowerCase() !== 'csv'), 'csv'];
    const csvButton = rerunButton('Send CSV', 'sessions', renderArgs(words) ?? words.join(' '));

    if (args.view === 'condensed') {
      const rows = await sessionHistoryCondensed(ctx.em, request.account.id, filters);
      if (args.csv)
        return {
          text: `${fileName}: ${rows.length} rows.`,
          files: [{ name: fileName, open: () => sessionsCondensedCsv(rows) }],
        };
      const table: ReplyTable = sessionsCondensedTable(rows.slice(0, CHAT_ROWS.condensed), window, zone);
      return {
        title: table.title,
        tables: [{ ...table, title: undefined, moreRows: Math.max(0, rows.length - CHAT_ROWS.condensed) }],
        buttons: rows.length ? [csvButton] : [],
      };
    }

    if (args.csv) {
      const counted = await sessionHistoryFull(ctx.em, request.account.id, filters, 0);
      const total = counted.totalActive + counted.totalClosed;
      if (total > INLINE_EXPORT_MAX_ROWS && ctx.exports.kind === 'queue') {
        await ctx.exports.enqueue({
          accountId: request.account.id,
          platform: request.platform,
          userId: request.userId,
          channelId: request.channelId,
          replyTo: request.replyTo,
          command: 'sessions',
          args: request.typedArgs ?? request.args,
          requestedAt: ctx.now.toISOString(),
          window: serializeWindow(window),
        });
        return {
          text: `Preparing ${fileName} (${total.toLocaleString('en-US')} sessions). It will appear here in a moment.`,
        };
      }
      return {
        text: `${fileName}: ${total.toLocaleString('en-US')} sessions.`,
        files: [{ name: fileName, open: () => exportSessionsFull(ctx.em, request.account.id, filters, zone) }],
      };
    }

    const full = await sessionHistoryFull(ctx.em, request.account.id, filters, CHAT_ROWS.full);
    const [active, closed] = sessionsFullTables(full, window, zone) as [ReplyTable, ReplyTable];
    const reply: Reply = {
      title: `Session history${product ? `: ${product.name}` : ''}${args.user ? ` for ${args.user}` : ''}`,
      tables: [
        {
          ...active,
          marker: GREEN_DOT,
          markedRows: active.rows.map((_, i) => i),
          moreRows: full.totalActive - full.active.length,
          notes: [],
        },
        {
          ...closed,
          moreRows: full.totalClosed - full.closed.length,
          notes: closed.notes.filter((n) => !n.includes('more not shown')),
        },
      ],
      buttons: full.totalActive + full.totalClosed ? [csvButton] : [],
    };
    return reply;
  },
};
