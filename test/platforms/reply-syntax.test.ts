import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runButtonPress } from '../../src/core/buttons.js';
import { type ChatDeps, runTypedCommand } from '../../src/core/chat-entry.js';
import { commands } from '../../src/core/registry.js';
import type { Reply } from '../../src/core/reply.js';
import { SingleFlight } from '../../src/core/single-flight.js';
import { createLogger } from '../../src/logger.js';
import { renderSlackMessage } from '../../src/platforms/slack/blocks.js';
import { renderTeamsCard } from '../../src/platforms/teams/adaptive-card.js';
import { seedCommandFixture } from '../helpers/command-fixture.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

/** One example of every registered command (and help), typed with the words it needs. */
const EXAMPLES: Record<string, string[]> = {
  licstats: ['', 'elum', 'zzz'],
  'licstats csv': ['csv'],
  'licstats reset': ['reset elum'],
  'licstats undo-reset': ['undo-reset'],
  'licstats flags': ['flags'],
  'licstats usage': ['usage elum', 'usage elum days 0'],
  'licstats subscribe': ['subscribe weekly mon 09:00'],
  'licstats unsubscribe': ['unsubscribe 99'],
  'licstats pause': ['pause 1'],
  'licstats resume': ['resume 1'],
  'licstats subscriptions': ['subscriptions'],
  'licstats alerts': ['alerts', 'alerts on threshold 3 per 7 days'],
  'licstats admins': ['admins'],
  'licstats managers': ['managers add <@PERSON>', 'managers'],
  sessions: ['full', 'condensed'],
};

const SLACK_SYNTAX = [/<[@#!][^>]*>/, /(^|[^*\\])\*[^*\s][^*]*\*(?!\*)/, /```/, /&lt;|&gt;/];
const TEAMS_SYNTAX = [/<at>/, /\*\*/];
const MARKERS = /[\uE000-\uE002]/;

describe('Replies carry no platform syntax: each renderer writes its own', () => {
  const db = useTestDatabase();
  const ADMIN = { slack: 'UADMIN', teams: 'aad-admin' };
  let deps: ChatDeps;
  const replies: { platform: 'slack' | 'teams'; what: string; reply: Reply }[] = [];

  beforeAll(async () => {
    const account = await createDefaultAccount(db());
    await seedCommandFixture(db(), account);
    const config = loadConfig({ ...process.env, DATABASE_URL: db().url, ADMINS: 'slack:UADMIN,teams:aad-admin' });
    deps = {
      orm: db().orm,
      config,
      logger: createLogger('silent'),
      now: () => new Date('2026-11-28T12:00:00Z'),
      exports: { kind: 'inline' },
      caches: { statsReads: new SingleFlight() },
    };
    for (const platform of ['slack', 'teams'] as const) {
      const who = {
        platform,
        workspaceId: `${platform}-ws`,
        channelId: `${platform}-channel`,
        channelName: 'licenses',
      };
      const person = platform === 'slack' ? 'UPERSON' : 'aad-person';
      for (const [name, texts] of Object.entries(EXAMPLES))
        for (const text of texts) {
          const [command] = name.split(' ');
          const typed = text.replace('<@PERSON>', `<@${person}>`);
          const reply = await runTypedCommand(deps, {
            ...who,
            userId: ADMIN[platform],
            command: command ?? '',
            text: typed,
          });
          replies.push({ platform, what: `${command} ${typed}`, reply });
        }
      replies.push({
        platform,
        what: 'refused',
        reply: await runTypedCommand(deps, { ...who, userId: 'nobody', command: 'sessions', text: '' }),
      });
      replies.push({
        platform,
        what: 'help',
        reply: await runTypedCommand(deps, { ...who, userId: ADMIN[platform], command: 'licstats', text: 'help' }),
      });
      const preview = await runTypedCommand(deps, {
        ...who,
        userId: ADMIN[platform],
        command: 'licstats',
        text: 'reset all',
      });
      const confirm = preview.buttons?.find((b) => b.actionId === 'licbot:reset-confirm');
      for (const attempt of ['first', 'second'])
        replies.push({
          platform,
          what: `reset confirm ${attempt}`,
          reply: await runButtonPress(deps, {
            ...who,
            userId: ADMIN[platform],
            actionId: confirm?.actionId ?? '',
            value: confirm?.value ?? '',
          }),
        });
      const undo = await runTypedCommand(deps, {
        ...who,
        userId: ADMIN[platform],
        command: 'licstats',
        text: 'undo-reset',
      });
      replies.push({ platform, what: 'undo preview', reply: undo });
      const undoConfirm = undo.buttons?.find((b) => b.actionId === 'licbot:undo-confirm');
      replies.push({
        platform,
        what: 'undo confirm',
        reply: await runButtonPress(deps, {
          ...who,
          userId: ADMIN[platform],
          actionId: undoConfirm?.actionId ?? '',
          value: undoConfirm?.value ?? '',
        }),
      });
    }
  }, 60_000);

  it('covers every registered command on both platforms', () => {
    for (const c of commands) expect(Object.keys(EXAMPLES)).toContain(c.name);
    expect(replies.filter((r) => r.platform === 'teams').length).toBeGreaterThan(20);
  });

  it('Teams cards hold no Slack mrkdwn, and Slack messages no Teams syntax; no marker leaks', () => {
    for (const { what, reply } of replies) {
      const teams = JSON.stringify(renderTeamsCard(reply));
      const slack = JSON.stringify(renderSlackMessage(reply));
      for (const pattern of SLACK_SYNTAX) expect(teams, `Teams: ${what}`).not.toMatch(pattern);
      for (const pattern of TEAMS_SYNTAX) expect(slack, `Slack: ${what}`).not.toMatch(pattern);
      expect(teams, what).not.toMatch(MARKERS);
      expect(slack, what).not.toMatch(MARKERS);
    }
  });

  it('writes each mention, channel and emphasis in the platform’s own way', () => {
    const find = (platform: string, what: string) =>
      replies.find((r) => r.platform === platform && r.what === what)?.reply as Reply;
    expect(JSON.stringify(renderSlackMessage(find('slack', 'refused')))).toContain('<@UADMIN>');
    const card = renderTeamsCard(find('teams', 'refused'));
    expect(JSON.stringify(card)).toContain('<at>aad-admin</at>');
    expect(card.msteams.entities).toContainEqual({
      type: 'mention',
      text: '<at>aad-admin</at>',
      mentioned: { id: 'aad-admin', name: 'aad-admin' },
    });
    expect(JSON.stringify(renderTeamsCard(find('teams', 'undo preview')))).toMatch(/Reset of \*\*[^*]+\*\* \(/);
    expect(JSON.stringify(renderSlackMessage(find('slack', 'undo preview')))).toMatch(/Reset of \*[^*]+\* \(/);
    expect(JSON.stringify(renderSlackMessage(find('slack', 'licstats subscribe weekly mon 09:00')))).toContain(
      '<#slack-channel>',
    );
    expect(JSON.stringify(renderTeamsCard(find('teams', 'licstats subscribe weekly mon 09:00')))).toContain(
      '#licenses',
    );
  });
});
