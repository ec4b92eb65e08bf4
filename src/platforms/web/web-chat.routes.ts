import express, { type Request, Router } from 'express';
import { runButtonPress } from '../../core/buttons.js';
import { type ChatDeps, runTypedCommand } from '../../core/chat-entry.js';
import type { Reply } from '../../core/reply.js';
import { WebFileStore } from './web-files.js';
import { CHAT_PAGE } from './web-page.js';
import { renderWebReply } from './web-render.js';

/**
 * Who types on the chat page. There is no `web` chat platform (the database allows Slack and
 * Teams identities only), so the page speaks as a Slack user of the account's Slack
 * workspace (a reserved id when none is linked yet), made admin for this page only.
 */
export const WEB_USER_ID = 'UWEBCHATADMIN';
const WEB_WORKSPACE_ID = 'TLICBOTWEBCHAT';
const WEB_CHANNEL = { channelId: 'CWEBCHAT', channelName: 'web-chat' };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The page is for the person at this machine: nobody else reaches it, whatever the bind address. */
function fromThisMachine(req: Request): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

async function workspaceId(deps: ChatDeps): Promise<string> {
  const rows = await deps.orm.em.fork().execute<{ external_id: string }[]>(
    `select l.external_id from workspace_link l join account a on a.id = l.account_id
       where a.slug = 'default' and l.platform = 'slack' order by l.id limit 1`,
  );
  return rows[0]?.external_id ?? WEB_WORKSPACE_ID;
}

/**
 * The browser chat page (`/`) and its three calls. Commands and buttons go through the same
 * core entry points as Slack and Teams (runTypedCommand, runButtonPress); only the
 * rendering (Reply → HTML) is this page's own.
 */
export function createWebChatRouter(base: ChatDeps): Router {
  // Large exports are built inline here: a queued export would be delivered to Slack.
  const deps: ChatDeps = {
    ...base,
    exports: { kind: 'inline' },
    config: { ...base.config, ADMINS: [...base.config.ADMINS, `slack:${WEB_USER_ID}`] },
  };
  const files = new WebFileStore();
  const answer = async (reply: Reply) => {
    const links = await Promise.all(
      (reply.files ?? []).map(async (f) => ({ name: f.name, url: `/chat/files/${await files.add(f)}` })),
    );
    return { html: renderWebReply(reply, links), replaceOriginal: reply.replaceOriginal ?? false };
  };
  const identity = async () => ({
    platform: 'slack' as const,
    workspaceId: await workspaceId(deps),
    userId: WEB_USER_ID,
    userName: 'demo admin',
    ...WEB_CHANNEL,
  });

  const router = Router();
  router.use((req, res, next) => {
    if (fromThisMachine(req)) return next();
    res.status(403).type('text').send('The chat page answers only on this machine (127.0.0.1).');
  });
  router.get('/', (_req, res) => {
    res.type('html').send(CHAT_PAGE);
  });
  const json = express.json({ limit: '16kb' });
  router.post('/chat/command', json, async (req, res) => {
    const typed = String(req.body?.text ?? '').trim();
    const [command = '/licstats', ...rest] = typed.split(/\s+/);
    const slash = command.startsWith('/') ? command : `/${command}`;
    res.json(
      await answer(await runTypedCommand(deps, { ...(await identity()), command: slash, text: rest.join(' ') })),
    );
  });
  router.post('/chat/button', json, async (req, res) => {
    const press = { actionId: String(req.body?.actionId ?? ''), value: String(req.body?.value ?? '') };
    res.json(await answer(await runButtonPress(deps, { ...(await identity()), ...press })));
  });
  router.get('/chat/files/:id', (req, res) => {
    const file = files.get(req.params.id ?? '');
    if (!file) {
      res.status(404).type('text').send('This file is no longer kept: run the command again.');
      return;
    }
    // Charts are shown in the page; everything else (and a chart's Download link) is saved.
    if (file.name.endsWith('.png')) res.type('image/png').set('Content-Disposition', 'inline');
    else res.attachment(file.name).type(file.name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream');
    res.set('X-Content-Type-Options', 'nosniff').send(file.bytes);
  });
  return router;
}
