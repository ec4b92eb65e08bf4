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
export type Injected =
  | { status: number; retryAfter?: number }
  | { error: string }
  | { drop: true }
  | { stall: true }
  /** Slack does the work (the message is posted) but the answer never arrives. */
  | { acceptThenDrop: true }
  /** Slack does the work and then never answers (the caller hangs until it gives up or dies). */
  | { acceptThenStall: true };

class DropConnection extends Error {}

/**
 * A local stand-in for slack.com that speaks the Web API wire format: form- or JSON-encoded
 * POSTs to /api/<method>, `{ok: …}` answers, 429 + Retry-After on demand, the
 * files.getUploadURLExternal → upload → files.completeUploadExternal flow, and response_url
 * endpoints. It records every call for assertions.
 */
/** A message as conversations.history returns it. */
export interface FakeMessage {
  ts: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: { id: string; name: string; title: string }[];
}

/**
 * Slack's posting limits as the fake enforces them when set: at most one chat.postMessage
 * per channel per `perChannelMs`, and `workspacePerMinute` in all; beyond them, 429 with
 * Retry-After (seconds, rounded up), and nothing is posted.
 */
export interface FakeLimits {
  perChannelMs?: number;
  workspacePerMinute?: number;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Calls held open by an injected stall, in arrival order (method or `upload`); they never finish. */
  readonly stalled: string[] = [];
  /** What each channel holds, newest last, as posted through this fake. */
  readonly channels = new Map<string, FakeMessage[]>();
  limits: FakeLimits = {};
  /** 429s the limits caused (not injected ones). */
  rateLimited = 0;
  /**
   * When set, a message holding a `table` or `data_visualization` block is refused as Slack
   * refuses one past its limits: chat.postMessage answers `ok: false, error: invalid_blocks`,
   * a response_url 400 with the same body; nothing is posted. `refusedTables` counts them.
   */
  refuseTables: 'invalid_blocks' | 'invalid_attachments' | false = false;
  refusedTables = 0;
  /** Messages refused for their shape (see shapeProblem), with the reason: always refused. */
  readonly badShapes: string[] = [];
  private readonly lastPost = new Map<string, number>();
  private readonly recentPosts: number[] = [];
  private tsCounter = 0;
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

  /**
   * The next call(s) to `name` fail this way, in order: an API method, `upload`, `response`
   * (any response_url post) or `response/<id>` (posts to that one response_url).
   */
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

  /** Messages of a channel that carry LicBot's delivery metadata (one per report post). */
  deliveryPosts(channel: string): FakeMessage[] {
    return (this.channels.get(channel) ?? []).filter((m) => m.metadata?.event_type === 'licbot_delivery');
  }

  private post(channel: string, message: FakeMessage): void {
    this.channels.set(channel, [...(this.channels.get(channel) ?? []), message]);
  }

  /** Unique, increasing message timestamps in Slack's `seconds.micros` form. */
  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  /** Seconds to wait when a post to `channel` now would break the limits; else undefined. */
  private overLimit(channel: string): number | undefined {
    const now = Date.now();
    const { perChannelMs, workspacePerMinute } = this.limits;
    const last = this.lastPost.get(channel);
    if (perChannelMs && last !== undefined && now - last < perChannelMs)
      return Math.ceil((perChannelMs - (now - last)) / 1000);
    while (this.recentPosts.length && now - (this.recentPosts[0] ?? 0) >= 60_000) this.recentPosts.shift();
    if (workspacePerMinute && this.recentPosts.length >= workspacePerMinute)
      return Math.ceil((60_000 - (now - (this.recentPosts[0] ?? now))) / 1000);
    this.lastPost.set(channel, now);
    this.recentPosts.push(now);
    return undefined;
  }

  /** The error Slack answers a message with, or undefined when it takes it. */
  private refusal(message: { text?: unknown; blocks?: unknown; attachments?: unknown }): string | undefined {
    const problem = shapeProblem(message);
    if (problem) {
      this.badShapes.push(problem);
      return problem.startsWith('no text') ? 'no_text' : 'invalid_blocks';
    }
    const all = [
      ...list(jsonParam(message.blocks)),
      ...list(jsonParam(message.attachments)).flatMap((a) => list(a.blocks)),
    ];
    if (this.refuseTables !== false && all.some((b) => b.type === 'table' || b.type === 'data_visualization')) {
      this.refusedTables += 1;
      return this.refuseTables;
    }
    return undefined;
  }

  /** Never answers; records that the call is hanging, so a test can act while it does. */
  private stall(name: string): Promise<never> {
    this.stalled.push(name);
    return new Promise(() => undefined);
  }

  /** Injected failures of `name` not yet used up. */
  injectedLeft(name: string): number {
    return this.injected.get(name)?.length ?? 0;
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
      if (failure && 'stall' in failure) return this.stall('upload');
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
      const failure = this.takeInjected(`response/${name}`) ?? this.takeInjected('response');
      if (failure && 'drop' in failure) throw new DropConnection();
      if (failure && 'stall' in failure) return this.stall('response');
      if (failure && 'status' in failure) return { status: failure.status, body: '', headers: retryAfter(failure) };
      const refused = this.refusal(JSON.parse(raw.toString('utf8')));
      if (refused) return { status: 400, body: { ok: false, error: refused } };
      this.calls.push({ kind: 'response', name, params: JSON.parse(raw.toString('utf8')), headers: req.headers });
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    }
    const params = parseParams(raw, req.headers['content-type']);
    const limited = name === 'chat.postMessage' ? this.overLimit(String(params.channel)) : undefined;
    if (limited !== undefined) {
      this.rateLimited += 1;
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(limited) } };
    }
    const failure = this.takeInjected(name);
    if (failure && 'drop' in failure) throw new DropConnection();
    if (failure && 'stall' in failure) return this.stall(name);
    if (failure && 'status' in failure)
      return {
        status: failure.status,
        body: { ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' },
        headers: retryAfter(failure),
      };
    const refused = name === 'chat.postMessage' ? this.refusal(params) : undefined;
    if (refused) return { status: 200, body: { ok: false, error: refused } };
    this.calls.push({ kind: 'api', name, params, headers: req.headers });
    if (failure && 'error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
    const answer = this.answer(name, params);
    if (failure && 'acceptThenDrop' in failure) throw new DropConnection();
    if (failure && 'acceptThenStall' in failure) return this.stall(name);
    return { status: 200, body: answer };
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
      case 'chat.postMessage': {
        const channel = String(params.channel);
        const message: FakeMessage = {
          ts: this.nextTs(),
          text: params.text as string | undefined,
          blocks: jsonParam(params.blocks),
          attachments: jsonParam(params.attachments),
          metadata: jsonParam(params.metadata) as FakeMessage['metadata'],
        };
        this.post(channel, message);
        return { ok: true, channel, ts: message.ts, message: { text: params.text } };
      }
      case 'conversations.history': {
        const oldest = Number(params.oldest ?? 0);
        const all = this.channels.get(String(params.channel)) ?? [];
        const withMetadata = String(params.include_all_metadata) === 'true';
        const messages = all
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map((m) => (withMetadata ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
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
        if (params.channel_id) {
          this.post(String(params.channel_id), {
            ts: this.nextTs(),
            files: files.map((f) => ({ id: f.id, name: f.title ?? f.id, title: f.title ?? f.id })),
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: true };
    }
  }
}

type JsonObject = Record<string, unknown>;
const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? (value as JsonObject[]) : []);
const str = (value: unknown, max: number) => typeof value === 'string' && value.length >= 1 && value.length <= max;

/**
 * What is wrong with a message's shape by the Block Kit reference (docs.slack.dev), or
 * undefined: it needs text or blocks; a `table` block belongs in an attachment's blocks
 * (table block, Usage info), one a message; a `data_visualization` block (at most two)
 * needs a title of up to 50 characters and a pie's 1–6 segments (label up to 20, value
 * above 0) or a bar/area/line chart's 1–6 uniquely named series (name up to 20) of 1–20
 * points whose labels are its axis_config categories (each up to 20), axis titles up to 50.
 */
export function shapeProblem(message: { text?: unknown; blocks?: unknown; attachments?: unknown }): string | undefined {
  const blocks = list(jsonParam(message.blocks));
  const attached = list(jsonParam(message.attachments)).flatMap((a) => list(a.blocks));
  if (!message.text && blocks.length === 0) return 'no text and no blocks';
  if (blocks.some((b) => b.type === 'table')) return 'a table block in top-level blocks (it belongs in attachments)';
  if (attached.filter((b) => b.type === 'table').length > 1) return 'more than one table block';
  const charts = [...blocks, ...attached].filter((b) => b.type === 'data_visualization');
  if (charts.length > 2) return `${charts.length} data_visualization blocks (max 2)`;
  for (const block of charts) {
    const chart = (block.chart ?? {}) as JsonObject;
    if (!str(block.title, 50)) return 'chart title missing or over 50 characters';
    if (chart.type === 'pie') {
      const segments = list(chart.segments);
      if (segments.length < 1 || segments.length > 6) return 'pie needs 1 to 6 segments';
      if (segments.some((g) => !str(g.label, 20) || typeof g.value !== 'number' || g.value <= 0))
        return 'pie segment label over 20 characters or value not above 0';
      continue;
    }
    if (!['bar', 'area', 'line'].includes(String(chart.type))) return `chart type ${String(chart.type)}`;
    const series = list(chart.series);
    const axis = (chart.axis_config ?? {}) as JsonObject;
    const categories = Array.isArray(axis.categories) ? (axis.categories as unknown[]) : [];
    if (series.length < 1 || series.length > 6) return `${series.length} series (1 to 6)`;
    if (new Set(series.map((x) => x.name)).size !== series.length) return 'series names repeat';
    if (categories.length < 1 || categories.length > 20 || !categories.every((c) => str(c, 20)))
      return 'categories: 1 to 20 labels of up to 20 characters';
    for (const key of ['x_label', 'y_label'])
      if (axis[key] !== undefined && !str(axis[key], 50)) return `${key} over 50 characters`;
    for (const x of series) {
      const data = list(x.data);
      if (!str(x.name, 20)) return 'series name missing or over 20 characters';
      if (data.length < 1 || data.length > 20) return `series ${String(x.name)}: ${data.length} points (1 to 20)`;
      if (data.some((d) => !categories.includes(d.label) || typeof d.value !== 'number'))
        return `series ${String(x.name)}: a point whose label is no category or whose value is no number`;
    }
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Nested Web API arguments arrive JSON-encoded inside a form field. */
function jsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
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
