import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { ReplyFile } from '../../core/reply.js';

/**
 * Slack's three-step upload (files.getUploadURLExternal → POST the bytes →
 * files.completeUploadExternal), as the SDK's filesUploadV2 does it, but streamed from disk.
 * filesUploadV2 reads every file into one Buffer first; a full session export can run to
 * hundreds of megabytes, so here memory stays flat whatever the file's size.
 */

/** A reply file written to disk, so its length is known before the upload starts. */
export interface SpooledFile {
  name: string;
  path: string;
  length: number;
}

export interface Spool {
  files: SpooledFile[];
  remove(): Promise<void>;
}

const SPOOL_PREFIX = 'licbot-upload-';
/** No upload lives this long (every attempt has an idle timeout), so such a folder is orphaned. */
const STALE_SPOOL_MS = 24 * 3600_000;

/**
 * Removes spool folders left by a process that died mid-upload (they hold CSVs with user
 * emails). Best effort: a folder another process removes first is fine.
 */
async function removeStaleSpools(current: string): Promise<void> {
  const root = tmpdir();
  // Ages are measured on the file system's own clock (the folder just made), which may
  // differ from this process's: a network TMPDIR, or a test run under faketime.
  const now = (await stat(current)).mtimeMs;
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(SPOOL_PREFIX))) {
    const path = join(root, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_SPOOL_MS) await rm(path, { recursive: true, force: true });
  }
}

/** Writes each file once to a private temporary folder; `remove` deletes the folder. */
export async function spoolFiles(files: readonly ReplyFile[]): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), SPOOL_PREFIX));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await removeStaleSpools(dir);
    const spooled: SpooledFile[] = [];
    for (const [index, file] of files.entries()) {
      const path = join(dir, `${index}.part`);
      await pipeline(file.open(), createWriteStream(path, { mode: 0o600 }));
      spooled.push({ name: file.name, path, length: (await stat(path)).size });
    }
    return { files: spooled, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

const UPLOAD_ATTEMPTS = 5;
const UPLOAD_IDLE_TIMEOUT_MS = 60_000;
const MAX_RETRY_AFTER_SECONDS = 60;

/** Uploads the spooled files and shares them in one message in the channel. */
export async function uploadToChannel(
  client: webApi.WebClient,
  files: readonly SpooledFile[],
  channelId: string,
  idleTimeoutMs = UPLOAD_IDLE_TIMEOUT_MS,
): Promise<void> {
  const uploaded: { id: string; title: string }[] = [];
  for (const file of files) {
    const target = await client.files.getUploadURLExternal({ filename: file.name, length: file.length });
    if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal returned no upload_url');
    await postFileBytes(target.upload_url, file, idleTimeoutMs);
    uploaded.push({ id: target.file_id, title: file.name });
  }
  // Only this call shares the files; it is the one that fails with not_in_channel.
  await client.files.completeUploadExternal({
    files: uploaded as [{ id: string; title: string }],
    channel_id: channelId,
  });
}

/**
 * POSTs the raw bytes (Slack accepts raw or multipart) with their length. A 429 or 5xx is
 * retried after Retry-After (or a growing pause); the upload URL stores nothing until it
 * answers 200, so a retry never makes a second file.
 */
async function postFileBytes(url: string, file: SpooledFile, idleTimeoutMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // A dropped connection (status 0) is retried like a 5xx: the same URL takes the bytes again.
    const { status, retryAfter, error } = await postOnce(url, file, idleTimeoutMs).catch((e: Error) => ({
      status: 0,
      retryAfter: undefined,
      error: e,
    }));
    if (status === 200) return;
    const retryable = status === 0 || status === 429 || status >= 500;
    if (!retryable || attempt >= UPLOAD_ATTEMPTS) {
      const answer = error ? `failed (${error.message})` : `answered HTTP ${status}`;
      throw new Error(`Slack's upload URL ${answer} for ${file.name} after ${attempt} attempt(s)`);
    }
    // Retry-After is capped: a job that sleeps for an hour is worse than one that fails and says so.
    const seconds = Math.min(Number(retryAfter), MAX_RETRY_AFTER_SECONDS);
    await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500 * 2 ** attempt);
  }
}

function postOnce(
  url: string,
  file: SpooledFile,
  idleTimeoutMs: number,
): Promise<{ status: number; retryAfter?: string; error?: Error }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'content-length': file.length },
      },
      (res) => {
        const answer = { status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined };
        if (answer.status !== 200) {
          // Settle first, then stop this attempt's body (Slack may answer before reading it all),
          // so the next attempt never overlaps this one and the abort is not taken for the answer.
          resolve(answer);
          req.destroy();
          return;
        }
        res.resume(); // the body is a short status text; drain it so the socket is freed
        res.on('end', () => resolve(answer));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A connection that stops moving fails this attempt (and is retried) instead of hanging the job.
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no progress for ${idleTimeoutMs} ms`)));
    pipeline(createReadStream(file.path), req).catch(reject);
  });
}
