import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake received: a Web API method, a file upload, or a response_url post. */
export interface SlackCall {
  kind: 'api' | 'upload' | 'response';
  /** API method (`chat.postMessage`), upload file id, or response_url id. */
  name: string;
  params: Record<string, unknown>;
  /** Raw bytes of an upload's file part. */
  bytes?: Buffer;
  headers: IncomingMessage['headers'];
}

/**
 * An HTTP status (with Retry-After when given), a Web API `{ok: false}` error, a dropped
 * connection, or a stall (the request is read and never answered).
 */
type Injected = { status: number; retryAfter?: number } | { error: string } | { drop: true } | { stall: true };

class DropConnection extends Error {}

/**
 * A local stand-in for slack.com that speaks the Web API wire format: form- or JSON-encoded
 * POSTs to /api/<method>, `{ok: …}` answers, 429 + Retry-After on demand, the
 * files.getUploadURLExternal → upload → files.completeUploadExternal flow, and response_url
 * endpoints. It records every call for assertions.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** What apps.connections.open hands out (see FakeSlackSocket); unset, it refuses. */
  socketUrl?: string;
  private readonly injected = new Map<string, Injected[]>();
  private server?: Server;
  private base = '';
  private nextId = 1;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        },
        (error: Error) => {
          if (error instanceof DropConnection) {
            res.destroy();
            return;
          }
          res.writeHead(500);
          res.end(error.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Value for the Web API client's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A fresh response_url, as Slack puts in each slash command and button payload. */
  responseUrl(): string {
    return `${this.base}/response/${this.nextId++}`;
  }

  /** The next call(s) to `name` (API method, or `upload`) fail this way, in order. */
  inject(name: string, ...failures: Injected[]): void {
    this.injected.set(name, [...(this.injected.get(name) ?? []), ...failures]);
  }

  api(method: string): SlackCall[] {
    return this.calls.filter((c) => c.kind === 'api' && c.name === method);
  }

  responses(): SlackCall[] {
    return this.calls.filter((c) => c.kind === 'response');
  }

  uploads(): SlackCall[] {
    return this.calls.filter((c) => c.kind === 'upload');
  }

  /** Waits until `predicate` holds (for work Bolt finishes after the HTTP ack). */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the fake Slack to receive a call');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private takeInjected(name: string): Injected | undefined {
    const queue = this.injected.get(name);
    return queue?.shift();
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.base);
    const [, kind, name = ''] = url.pathname.split('/');
    if (kind === 'upload') {
      const failure = this.takeInjected('upload');
      if (failure && 'drop' in failure) throw new DropConnection();
      if (failure && 'stall' in failure) return new Promise(() => undefined);
      if (failure && 'status' in failure) return { status: failure.status, body: '', headers: retryAfter(failure) };
      this.calls.push({
        kind: 'upload',
        name,
        params: {},
        bytes: multipartFile(raw, req.headers['content-type']),
        headers: req.headers,
      });
      return { status: 200, body: 'OK - 0', headers: { 'content-type': 'text/plain' } };
    }
    if (kind === 'response') {
      this.calls.push({ kind: 'response', name, params: JSON.parse(raw.toString('utf8')), headers: req.headers });
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    }
    const params = parseParams(raw, req.headers['content-type']);
    const failure = this.takeInjected(name);
    if (failure && 'drop' in failure) throw new DropConnection();
    if (failure && 'status' in failure)
      return {
        status: failure.status,
        body: { ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' },
        headers: retryAfter(failure),
      };
    this.calls.push({ kind: 'api', name, params, headers: req.headers });
    if (failure && 'error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
    return { status: 200, body: this.answer(name, params) };
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'licbot',
          team_id: 'T0FAKE',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: `${Date.now() / 1000}`, message: { text: params.text } };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users).replace(/^U/, '')}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${randomBytes(4).toString('hex').toUpperCase()}`;
        return { ok: true, upload_url: `${this.base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(String(params.files)) as { id: string; title?: string }[];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseParams(raw: Buffer, contentType = ''): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return JSON.parse(text || '{}');
  if (contentType.includes('multipart/form-data')) return {};
  return Object.fromEntries(new URLSearchParams(text));
}

/** The bytes of the first part of a multipart/form-data body (what filesUploadV2 sends). */
function retryAfter(failure: { retryAfter?: number }): Record<string, string> {
  return failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
}

function multipartFile(raw: Buffer, contentType = ''): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return raw;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = raw.indexOf(marker);
  const headerEnd = raw.indexOf('\r\n\r\n', start);
  const next = raw.indexOf(marker, headerEnd);
  return raw.subarray(headerEnd + 4, next - 2);
}
