import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { createFileLink } from '../../src/files/file-link.service.js';
import { useApiServer } from '../helpers/api-server.js';
import { captureLogs } from '../helpers/log-capture.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const TTL_SECONDS = 24 * 3600;

describe('download links: a guess, an expired link and a misplaced one get the same 404', () => {
  const db = useTestDatabase();
  const filesDir = mkdtempSync(join(tmpdir(), 'licbot-links-'));
  const clock = { now: NOW };
  const logs = captureLogs();
  const api = useApiServer(db, { FILES_DIR: filesDir }, { now: () => clock.now, logger: logs.logger });
  let acme: Account;
  let globex: Account;
  afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

  const link = (account: Account, name: string, at = NOW) =>
    createFileLink(
      db().em(),
      api().app.config,
      account.id,
      { name, open: () => Readable.from([`${name} secret rows\n`]) },
      at,
    );
  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';
  /** What a client can observe of an answer, but the per-request id and date. */
  const observe = async (token: string) => {
    const res = await fetch(api().url(`/files/${token}`));
    const headers = Object.fromEntries(
      [...res.headers].filter(([name]) => !['date', 'x-request-id', 'connection', 'keep-alive'].includes(name)),
    );
    return { status: res.status, headers, body: await res.text() };
  };
  const downloads = (token: string) =>
    db().sql<{ downloads: number }>(
      `select downloads from file_link where token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    globex = await createDefaultAccount(db(), 'globex');
  });

  it('opens a valid link, and answers everything else exactly alike, naming no file', async () => {
    const valid = tokenOf((await link(acme, 'acme-licstats.csv')).url);
    const opened = await observe(valid);
    expect(opened).toMatchObject({ status: 200, body: 'acme-licstats.csv secret rows\n' });
    expect(opened.headers['content-disposition']).toBe('attachment; filename="acme-licstats.csv"');

    // Expired: made one TTL and a second ago.
    const expired = tokenOf(
      (await link(acme, 'acme-old.csv', new Date(NOW.getTime() - TTL_SECONDS * 1000 - 1000))).url,
    );
    // Misplaced: globex's row pointed at acme's file (a tampered row or a bug) opens nothing.
    const misplaced = tokenOf((await link(globex, 'globex.csv')).url);
    await db().sql(
      `update file_link set path = (select path from file_link where file_name = 'acme-licstats.csv') where file_name = 'globex.csv'`,
    );
    const guessed = randomBytes(32).toString('base64url');
    const tampered = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
    const answers = await Promise.all(
      [guessed, tampered, expired, misplaced, 'short', '..%2F..%2Fetc%2Fpasswd'].map(observe),
    );
    const [first] = answers;
    expect(first).toEqual({
      status: 404,
      headers: expect.objectContaining({
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'private, no-store',
      }),
      body: 'No such file, or its link has expired: ask LicBot for the file again.\n',
    });
    for (const answer of answers) expect(answer).toEqual(first);
    expect(first?.headers['content-disposition']).toBeUndefined();
    expect(JSON.stringify(answers)).not.toMatch(/acme|globex|\.csv/);

    // Only the valid download was counted.
    expect(await downloads(valid)).toEqual([{ downloads: 1 }]);
    expect(await downloads(expired)).toEqual([{ downloads: 0 }]);
    expect(await downloads(misplaced)).toEqual([{ downloads: 0 }]);
  });

  it('keeps the tokens out of the request log', async () => {
    const token = tokenOf((await link(acme, 'logged.csv')).url);
    expect((await observe(token)).status).toBe(200);
    // The line is written when the response has finished, which may be just after the client has it.
    const lines = () => logs.entries().filter((e) => e.msg === 'request' && e.path.startsWith('/files/'));
    for (let i = 0; i < 100 && lines().length < 8; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines()).toHaveLength(8);
    for (const line of lines()) expect(line.path).toBe('/files/[token]');
    expect(logs.lines.join('\n')).not.toContain(token);
  });
});
