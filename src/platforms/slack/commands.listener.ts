import type { App } from '@slack/bolt';
import { type ChatDeps, runTypedCommand } from '../../core/chat-entry.js';
import { slashCommands } from '../../core/registry.js';
import type { Reply } from '../../core/reply.js';
import { hasTableBlock, renderSlackMessage, type TableStyle } from './blocks.js';
import { slackFiles } from './chart-block.js';
import { postToResponseUrl } from './deliver.js';
import { deliverFilesAfterAnswer } from './upload.js';

/**
 * Slack wants an ack within 3 s, and shows nothing until it comes. An answer ready within
 * this budget goes in the ack; past it we ack "Working on it…" and the answer replaces it
 * through the response_url. Kept short so that an ack takes well under 300 ms even on a busy
 * server (bench/soak.ts measures it): waiting up to 2 s for a slow answer made the p99 ack 2.1 s.
 */
export const ACK_BUDGET_MS = 200;
export const WORKING_TEXT = 'Working on it…';
/**
 * Past this the person hears why the answer is late (a slow or locked database, most
 * often), so a silent "Working on it…" does not look like a hang.
 */
export const SLOW_NOTICE_MS = 10_000;
export const SLOW_NOTICE_TEXT =
  'Still working: the license data is taking longer than usual to read (the database is slow right now). ' +
  'The answer will replace this message when it is ready.';

/** Resolves with the value if it arrives within `ms`, else with undefined (the work goes on). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a late answer; past SLOW_NOTICE_MS it first says, in place of "Working on it…", that the data is slow. */
async function awaitWithNotice(work: Promise<Reply>, responseUrl: string, deps: ChatDeps): Promise<Reply> {
  const answer = await within(work, SLOW_NOTICE_MS - ACK_BUDGET_MS);
  if (answer) return answer;
  try {
    // Tried once: the answer it announces must not wait for its retries.
    await postToResponseUrl(responseUrl, { text: SLOW_NOTICE_TEXT, notes: [], visibility: 'private' }, true, 1);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not tell that the answer is slow');
  }
  return work;
}

export function registerCommandListeners(app: App, deps: ChatDeps): void {
  // The same list slack/manifest.yml declares (a test compares them).
  for (const name of slashCommands()) {
    app.command(name, async ({ command, ack, respond, client }) => {
      const work = runTypedCommand(deps, {
        platform: 'slack',
        workspaceId: command.team_id,
        userId: command.user_id,
        userName: command.user_name,
        channelId: command.channel_id,
        channelName: command.channel_name,
        command: command.command,
        text: command.text,
        replyTo: { platform: 'slack', responseUrl: command.response_url },
      });
      const quick = await within(work, ACK_BUDGET_MS);
      // A table or chart block goes through the response_url, whose answer says whether
      // Slack took it (a refused ack body would be lost); everything else answers in the ack.
      const viaUrl = quick !== undefined && hasTableBlock(renderSlackMessage(quick));
      if (quick && !viaUrl) await ack(renderSlackMessage(quick));
      else if (quick) await ack();
      else await ack({ response_type: 'ephemeral', text: WORKING_TEXT });
      const reply: Reply = quick ?? (await awaitWithNotice(work, command.response_url, deps));
      let style: TableStyle = 'native';
      if (!quick || viaUrl) style = await postToResponseUrl(command.response_url, reply, !quick);
      const target = { channelId: command.channel_id, userId: command.user_id };
      const files = { ...reply, files: slackFiles(reply, style) };
      await deliverFilesAfterAnswer(client, files, target, respond, deps.logger);
    });
  }
}
