import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call LicBot made to the Bot Framework connector. */
export interface ConnectorCall {
  kind: 'send' | 'update' | 'create' | 'member' | 'upload';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

type Failure = { status: number; code: string; retryAfter?: number; times: number };

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A local Bot Framework connector (the `serviceUrl` of test activities) that records
 * replies, updates and conversation creations, answers with Teams' own error bodies when
 * told to (403 BotNotInConversationRoster, 429 + Retry-After), and serves an OpenID
 * metadata document and key set, so tokens signed with `signToken` pass botbuilder's real
 * verification.
 */
export class FakeTeams {
  readonly calls: ConnectorCall[] = [];
  readonly uploads: { name: string; bytes: string }[] = [];
  /** aadObjectId by Teams user id (`29:…`), for mention lookups. */
  readonly members = new Map<string, { aadObjectId: string; name: string }>();
  private failures = new Map<string, Failure>();
  private server?: Server;
  private counter = 0;
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  readonly issuer = 'https://api.botframework.test';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', endorsements: ['msteams'] };
  }

  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The OpenID metadata URL botbuilder should check inbound tokens against. */
  get openIdUrl(): string {
    return `${this.url}/openid`;
  }

  /** A channel token as the Bot Framework would send it, signed with this fake's key. */
  signToken(claims: Record<string, unknown>, key: KeyObject = this.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }));
    const payload = b64url(JSON.stringify({ iss: this.issuer, nbf: now - 60, exp: now + 3600, ...claims }));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** The next `times` posts to a conversation fail with this status and Teams error code. */
  failFor(conversationId: string, failure: Omit<Failure, 'times'> & { times?: number }): void {
    this.failures.set(conversationId, { times: 1, ...failure });
  }

  /** How many injected failures for a conversation are still to come (0: all were answered). */
  failuresLeft(conversationId: string): number {
    return this.failures.get(conversationId)?.times ?? 0;
  }

  sent(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === 'send' && (!conversationId || c.conversationId === conversationId));
  }

  reset(): void {
    this.calls.length = 0;
    this.uploads.length = 0;
    this.failures.clear();
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const raw = await readBody(req);
    if (path === '/openid') return this.json(res, 200, { issuer: this.issuer, jwks_uri: `${this.url}/keys` });
    if (path === '/keys') return this.json(res, 200, { keys: [this.jwk] });
    if (parts[0] === 'upload') {
      this.uploads.push({ name: parts[1] ?? '', bytes: raw });
      return this.json(res, 201, {});
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const authorization = req.headers.authorization;
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return this.json(res, 404, { error: { code: 'NotFound' } });
    const conversationId = parts[2] ?? '';
    if (!conversationId && req.method === 'POST') {
      const id = `a:created-${++this.counter}`;
      this.calls.push({ kind: 'create', conversationId: id, body, authorization });
      return this.json(res, 201, { id });
    }
    if (parts[3] === 'members' && req.method === 'GET') {
      const userId = parts[4] ?? '';
      const member = this.members.get(userId);
      this.calls.push({ kind: 'member', conversationId, body: { userId }, authorization });
      return this.json(res, 200, {
        id: userId,
        aadObjectId: member?.aadObjectId ?? userId,
        name: member?.name ?? userId,
      });
    }
    const failure = this.failures.get(conversationId);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return this.json(
        res,
        failure.status,
        { error: { code: failure.code, message: `fake ${failure.code}` } },
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    }
    if (req.method === 'PUT' && parts[3] === 'activities') {
      this.calls.push({ kind: 'update', conversationId, activityId: parts[4], body, authorization });
      return this.json(res, 200, { id: parts[4] });
    }
    if (req.method === 'POST' && parts[3] === 'activities') {
      const id = `act-${++this.counter}`;
      this.calls.push({
        kind: 'send',
        conversationId,
        activityId: id,
        body: { ...body, replyToId: parts[4] ?? body.replyToId },
        authorization,
      });
      return this.json(res, 200, { id });
    }
    return this.json(res, 404, { error: { code: 'NotFound' } });
  }
}
