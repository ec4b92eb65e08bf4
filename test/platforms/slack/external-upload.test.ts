import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReplyFile } from '../../../src/core/reply.js';
import { spoolFiles, uploadToChannel } from '../../../src/platforms/slack/external-upload.js';
import { FakeSlack } from '../../helpers/fake-slack.js';

const file = (name: string, ...chunks: string[]): ReplyFile => ({ name, open: () => Readable.from(chunks) });

describe('streamed Slack upload (getUploadURLExternal → POST → completeUploadExternal)', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  let spoolRoot: string;
  const savedTmpdir = process.env.TMPDIR;
  /** Spools, uploads and always removes the spool, as uploadReplyFiles does. */
  const upload = async (files: ReplyFile[], channelId: string, idleTimeoutMs?: number) => {
    const spool = await spoolFiles(files);
    try {
      await uploadToChannel(client, spool.files, channelId, idleTimeoutMs);
    } finally {
      await spool.remove();
    }
  };
  const spoolLeft = async () => (await readdir(spoolRoot)).filter((n) => n.startsWith('licbot-upload-'));

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    // Each test file runs in its own process, so this folder holds only this file's spools.
    spoolRoot = await mkdtemp(join(tmpdir(), 'licbot-spool-test-'));
    process.env.TMPDIR = spoolRoot;
  });
  afterAll(async () => {
    await slack.stop();
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await rm(spoolRoot, { recursive: true, force: true });
  });
  beforeEach(() => {
    slack.calls.length = 0;
  });

  it('sends each file as raw bytes with its exact length, then shares all of them in one message', async () => {
    const euro = 'Product,Licenses\r\nAGi32 “Pro”,€5\r\n';
    await upload([file('a.csv', '\uFEFF', euro), file('b.csv', 'x,y\r\n')], 'C0GENERAL');

    const urls = slack.api('files.getUploadURLExternal').map((c) => c.params);
    expect(urls).toEqual([
      expect.objectContaining({ filename: 'a.csv', length: String(Buffer.byteLength(`\uFEFF${euro}`)) }),
      expect.objectContaining({ filename: 'b.csv', length: '5' }),
    ]);
    const uploads = slack.uploads();
    expect(uploads.map((u) => u.bytes?.toString('utf8'))).toEqual([`\uFEFF${euro}`, 'x,y\r\n']);
    expect(uploads[0]?.headers['content-type']).toBe('application/octet-stream');
    expect(uploads[0]?.headers['content-length']).toBe(String(Buffer.byteLength(`\uFEFF${euro}`)));
    const completes = slack.api('files.completeUploadExternal');
    expect(completes).toHaveLength(1);
    expect(completes[0]?.params.channel_id).toBe('C0GENERAL');
    expect(JSON.parse(String(completes[0]?.params.files))).toEqual([
      { id: uploads[0]?.name, title: 'a.csv' },
      { id: uploads[1]?.name, title: 'b.csv' },
    ]);
    expect(await spoolLeft()).toEqual([]);
  });

  it('retries a 503 and a dropped connection on the same URL, and shares the file once', async () => {
    slack.inject('upload', { status: 503 }, { drop: true });
    await upload([file('s.csv', 'Status,Email\r\nActive,ana@example.com\r\n')], 'C1');
    expect(slack.api('files.getUploadURLExternal')).toHaveLength(1);
    expect(slack.uploads()).toHaveLength(1);
    expect(slack.uploads()[0]?.bytes?.toString('utf8')).toBe('Status,Email\r\nActive,ana@example.com\r\n');
    expect(slack.api('files.completeUploadExternal')).toHaveLength(1);
  });

  it('gives up on a stalled upload after the idle timeout and retries it', async () => {
    slack.inject('upload', { stall: true });
    // The fake answers at once when it answers; 1.5 s without progress can only be the stall.
    await upload([file('slow.csv', 'a,b\r\n')], 'C1', 1500);
    expect(slack.uploads().map((u) => u.bytes?.toString('utf8'))).toEqual(['a,b\r\n']);
    expect(slack.api('files.completeUploadExternal')).toHaveLength(1);
  });

  it('does not retry a refusal and shares nothing: the error names the status and the file', async () => {
    slack.inject('upload', { status: 403 });
    await expect(upload([file('denied.csv', 'a\r\n')], 'C1')).rejects.toThrow(
      "Slack's upload URL answered HTTP 403 for denied.csv after 1 attempt(s)",
    );
    expect(await spoolLeft()).toEqual([]);
    expect(slack.api('files.completeUploadExternal')).toHaveLength(0);
  });

  it('gives up after five attempts when Slack keeps answering 429', async () => {
    const busy = { status: 429, retryAfter: 1 };
    slack.inject('upload', busy, busy, busy, busy, busy);
    await expect(upload([file('busy.csv', 'a\r\n')], 'C1')).rejects.toThrow('HTTP 429 for busy.csv after 5 attempt(s)');
    expect(slack.api('files.completeUploadExternal')).toHaveLength(0);
  }, 15_000);

  it('clears spools orphaned by a crashed process over a day ago, and leaves recent ones alone', async () => {
    const orphan = join(spoolRoot, 'licbot-upload-crashed');
    const recent = join(spoolRoot, 'licbot-upload-running');
    for (const dir of [orphan, recent]) {
      await mkdir(dir);
      await writeFile(join(dir, '0.part'), 'Email\r\nana@example.com\r\n');
    }
    // Two days before the file system's own "now" (which a faketime run does not shift).
    const twoDaysAgo = new Date((await stat(recent)).mtimeMs - 48 * 3600_000);
    await utimes(orphan, twoDaysAgo, twoDaysAgo);
    await upload([file('c.csv', 'a\r\n')], 'C1');
    expect(await spoolLeft()).toEqual(['licbot-upload-running']);
    await rm(recent, { recursive: true });
  });

  it('leaves no spool behind when producing a file fails, and passes the reason on', async () => {
    const broken: ReplyFile = {
      name: 'broken.csv',
      open: () =>
        Readable.from(
          (async function* () {
            yield 'Product\r\n';
            throw new Error('database went away mid-export');
          })(),
        ),
    };
    await expect(spoolFiles([file('ok.csv', 'a\r\n'), broken])).rejects.toThrow('database went away mid-export');
    expect(await spoolLeft()).toEqual([]);
    expect(slack.calls).toHaveLength(0);
  });
});
