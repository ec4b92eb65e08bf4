import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ReplyFile } from '../../core/reply.js';

/** Downloads stay available this long, as a chat keeps a file for a while. */
const KEEP_MS = 30 * 60_000;
const MAX_FILES = 200;

interface Stored {
  name: string;
  bytes: Buffer;
  until: number;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The files of replies, held in memory under unguessable ids for the page to download. A
 * ReplyFile can be opened once, so it is read when the reply is rendered.
 */
export class WebFileStore {
  private readonly files = new Map<string, Stored>();

  async add(file: ReplyFile, now = Date.now()): Promise<string> {
    for (const [id, f] of this.files) if (f.until < now || this.files.size >= MAX_FILES) this.files.delete(id);
    const id = randomUUID();
    this.files.set(id, { name: file.name, bytes: await bytesOf(file.open()), until: now + KEEP_MS });
    return id;
  }

  get(id: string, now = Date.now()): { name: string; bytes: Buffer } | undefined {
    const f = this.files.get(id);
    return f && f.until >= now ? f : undefined;
  }
}
