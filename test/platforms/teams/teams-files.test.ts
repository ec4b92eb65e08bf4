import type { Job } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvExportProcessor } from '../../../jobs/csv-export.processor.js';
import type { CsvExportJob } from '../../../jobs/queues.js';
import { deliveriesFor } from '../../../jobs/worker.js';
import type { Account } from '../../../src/db/entities/index.js';
import { createFileLink } from '../../../src/files/file-link.service.js';
import { createLogger } from '../../../src/logger.js';
import { seedCommandFixture } from '../../helpers/command-fixture.js';
import { CHANNEL, personalConversation, teamsActivity } from '../../helpers/teams-activity.js';
import { cardOf, cardTexts } from '../../helpers/teams-cards.js';
import { TEAMS_ADMIN, useTeamsHarness } from '../../helpers/teams-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';

type Action = { type: string; url: string; title: string };
const downloadOf = (body: Record<string, unknown>) =>
  (cardOf({ kind: 'send', conversationId: '', body }).actions as Action[]).find((a) => a.type === 'Action.OpenUrl');

describe('Teams: CSV files through download links and, in personal chat, a file consent card', () => {
  const h = useTeamsHarness({ now: () => clock.now });
  let account: Account;

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default');
    await seedCommandFixture(h().db, account);
  });

  it('personal chat: a download link that works, and a consent card that uploads the same bytes', async () => {
    const [call] = await h().say({ user: TEAMS_ADMIN, text: 'licstats csv' });
    expect(call?.conversationId).toBe(personalConversation(TEAMS_ADMIN));
    const link = downloadOf(call?.body ?? {});
    expect(link?.title).toMatch(/^Download licstats-2026-11-28\.csv$/);
    const res = await fetch(`${h().baseUrl}${new URL(link?.url ?? '').pathname}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    const csv = bytes.toString('utf8');
    expect(csv).toContain('ElumTools');
    expect(cardTexts(cardOf(call)).join(' ')).toContain('The download link works until 2026-11-29 12:00 UTC');

    const consent = (
      (call?.body.attachments ?? []) as { contentType: string; content: Record<string, unknown> }[]
    ).find((a) => a.contentType === CONSENT);
    expect(consent?.content).toMatchObject({ sizeInBytes: bytes.length, acceptContext: { link: link?.url } });
    const invoke = {
      ...teamsActivity({ serviceUrl: h().teams.url, user: TEAMS_ADMIN }),
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: consent?.content.acceptContext,
        uploadInfo: {
          name: 'license-stats.csv',
          uploadUrl: `${h().teams.url}/upload/license-stats.csv`,
          contentUrl: 'https://contoso.sharepoint.test/license-stats.csv',
          uniqueId: 'file-1',
          fileType: 'csv',
        },
      },
    };
    expect(await h().post(invoke)).toBe(200);
    expect(h().teams.uploads).toEqual([{ name: 'license-stats.csv', bytes: csv }]);
    const info = h().teams.sent().at(-1)?.body.attachments as { contentType: string }[];
    expect(info[0]?.contentType).toBe('application/vnd.microsoft.teams.card.file.info');
  });

  it('channel: the link only (no consent card there)', async () => {
    const [call] = await h().say({ user: TEAMS_ADMIN, text: 'licstats csv elum', kind: 'channel', mentionBot: true });
    expect(call?.conversationId.startsWith(CHANNEL)).toBe(true);
    expect(downloadOf(call?.body ?? {})).toBeTruthy();
    expect(((call?.body.attachments ?? []) as { contentType: string }[]).map((a) => a.contentType)).toEqual([
      'application/vnd.microsoft.card.adaptive',
    ]);
  });

  it('a link opens only a file in its own account’s folder', async () => {
    const other = await createDefaultAccount(h().db, 'other');
    const { Readable } = await import('node:stream');
    const link = await createFileLink(
      h().db.em(),
      h().app.config,
      other.id,
      { name: 'x.csv', open: () => Readable.from(['a,b\n']) },
      clock.now,
    );
    const path = new URL(link.url).pathname;
    expect((await fetch(`${h().baseUrl}${path}`)).status).toBe(200);
    // A row pointed at another account's file (a bug or a tampered row) opens nothing.
    const [mine] = await h().db.sql<{ path: string }>('select path from file_link where account_id = $1 limit 1', [
      account.id,
    ]);
    await h().db.sql('update file_link set path = $1 where account_id = $2', [mine?.path, other.id]);
    expect((await fetch(`${h().baseUrl}${path}`)).status).toBe(404);
  });

  it('expired files leave the disk with the sweep; their link answers 404 like an unknown one', async () => {
    const { Readable } = await import('node:stream');
    const { existsSync } = await import('node:fs');
    const { removeExpiredFiles } = await import('../../../src/files/file-link.service.js');
    const link = await createFileLink(
      h().db.em(),
      h().app.config,
      account.id,
      { name: 'old.csv', open: () => Readable.from(['a\n']) },
      new Date(clock.now.getTime() - 25 * 3600_000),
    );
    const [row] = await h().db.sql<{ path: string }>(`select path from file_link where file_name = 'old.csv'`);
    expect(existsSync(row?.path ?? '')).toBe(true);
    expect(await removeExpiredFiles(h().db.em(), clock.now)).toBeGreaterThanOrEqual(1);
    expect(existsSync(row?.path ?? '')).toBe(false);
    expect((await fetch(`${h().baseUrl}${new URL(link.url).pathname}`)).status).toBe(404);
  });

  it('a queued export for Teams is delivered to the conversation it was asked in', async () => {
    const config = h().app.config;
    const logger = createLogger('silent');
    const deps = { orm: h().db.orm, config, logger, now: () => clock.now };
    const data: CsvExportJob = {
      accountId: account.id,
      platform: 'teams',
      userId: TEAMS_ADMIN,
      channelId: CHANNEL,
      replyTo: { platform: 'teams', conversationId: personalConversation(TEAMS_ADMIN) },
      command: 'sessions',
      args: ['full', 'csv'],
      requestedAt: clock.now.toISOString(),
    };
    const before = h().teams.sent(personalConversation(TEAMS_ADMIN)).length;
    const result = await csvExportProcessor.process({ ...deps, deliveries: deliveriesFor(deps) }, {
      data,
      id: 'export-1',
    } as Job<CsvExportJob>);
    expect(result).toEqual({ files: [expect.stringMatching(/^sessions-full.*\.csv$/)] });
    const sent = h().teams.sent(personalConversation(TEAMS_ADMIN));
    expect(sent).toHaveLength(before + 1);
    const link = downloadOf(sent.at(-1)?.body ?? {});
    const csv = await (await fetch(`${h().baseUrl}${new URL(link?.url ?? '').pathname}`)).text();
    expect(csv).toContain('ana@example.com');
  });
});
