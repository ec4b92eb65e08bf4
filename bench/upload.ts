/**
 * Memory of a large Slack file upload: LicBot's streamed upload (spool to disk, POST from the
 * file) beside the SDK's filesUploadV2 (what LicBot used before), each in a fresh child
 * process uploading the same generated CSV to a local server that speaks Slack's upload
 * flow and counts the bytes. Prints one JSON object.
 *
 *   npx tsx bench/upload.ts                 # 300 MB
 *   BENCH_UPLOAD_MB=100 npx tsx bench/upload.ts
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { webApi } from '@slack/bolt';
import { spoolFiles, uploadToChannel } from '../src/platforms/slack/external-upload.js';
import { round } from './bench-helpers.js';

const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 300);
const ROW = 'Closed,2026-11-27T17:42:10+01:00,ana.lopez@example.com,AGi32,20.1.4,WS-0042,2:14:07,8047\r\n';

/** A CSV of about `mb` megabytes, produced lazily like the session export. */
function generatedCsv(mb: number): Readable {
  const rows = Math.ceil((mb * 1024 * 1024) / ROW.length);
  return Readable.from(
    (function* () {
      yield 'Status,DateTime,Email,Program,Version,Machine,Duration,Duration Seconds\r\n';
      const batch = ROW.repeat(1000);
      for (let i = 0; i < rows; i += 1000) yield batch;
    })(),
  );
}

async function child(mode: 'streamed' | 'sdk', apiUrl: string): Promise<void> {
  const client = new webApi.WebClient('xoxb-bench', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
  const started = performance.now();
  if (mode === 'streamed') {
    const spool = await spoolFiles([{ name: 'sessions.csv', open: () => generatedCsv(megabytes) }]);
    try {
      await uploadToChannel(client, spool.files, 'CBENCH');
    } finally {
      await spool.remove();
    }
  } else {
    // What LicBot did before: collect the stream into one Buffer, hand it to filesUploadV2.
    const chunks: Buffer[] = [];
    for await (const chunk of generatedCsv(megabytes)) chunks.push(Buffer.from(chunk as string));
    const file = Buffer.concat(chunks);
    chunks.length = 0;
    await client.filesUploadV2({ channel_id: 'CBENCH', file_uploads: [{ file, filename: 'sessions.csv' }] });
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Answers getUploadURLExternal / completeUploadExternal and counts the uploaded bytes. */
async function startFakeSlack(): Promise<{ apiUrl: string; received: () => number; close: () => void }> {
  let received = 0;
  const drain = async (req: IncomingMessage) => {
    for await (const chunk of req) if (req.url?.startsWith('/upload/')) received += (chunk as Buffer).length;
  };
  const server = createServer((req, res) => {
    void drain(req).then(() => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/upload/')) return res.end('OK');
      if (req.url?.includes('files.getUploadURLExternal'))
        return res.end(JSON.stringify({ ok: true, upload_url: `${base}/upload/F1`, file_id: 'F1' }));
      res.end(JSON.stringify({ ok: true, files: [{ id: 'F1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { apiUrl: `http://127.0.0.1:${port}/api/`, received: () => received, close: () => server.close() };
}

async function main(): Promise<void> {
  const [, , role, mode, apiUrl] = process.argv;
  if (role === 'child') return child(mode as 'streamed' | 'sdk', apiUrl ?? '');
  const fake = await startFakeSlack();
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, unknown> = {};
  for (const variant of ['streamed', 'sdk'] as const) {
    const before = fake.received();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', self, 'child', variant, fake.apiUrl],
      {
        maxBuffer: 1 << 20,
      },
    );
    const run = JSON.parse(stdout) as { seconds: number; peakRssMb: number };
    const bytes = fake.received() - before;
    results[variant === 'streamed' ? 'licbotStreamed' : 'sdkFilesUploadV2Baseline'] = {
      seconds: round(run.seconds, 2),
      mbPerSecond: round(bytes / 1024 / 1024 / run.seconds, 1),
      peakRssMb: round(run.peakRssMb, 0),
      bytesReceived: bytes,
    };
  }
  fake.close();
  console.log(JSON.stringify({ benchmark: 'slack-upload', fileMb: megabytes, ...results }, null, 2));
}

await main();
