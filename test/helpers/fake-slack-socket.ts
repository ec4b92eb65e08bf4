import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the app sent back over the socket for one envelope. */
export interface SocketAck {
  envelope_id: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read any field of the payload
  payload?: any;
}

/**
 * Slack's Socket Mode endpoint on localhost: the URL that apps.connections.open hands out
 * (FakeSlack.socketUrl), a `hello` on connect, envelopes pushed to the app
 * (`slash_commands`, `interactive`, `disconnect`), and the app's acks
 * (`{envelope_id, payload}`) recorded.
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  /** Socket errors and frames that were not JSON; a test can assert there were none. */
  readonly errors: Error[] = [];
  /** How many times an app connected (a reconnect after `disconnect` adds one). */
  connections = 0;
  private server?: WebSocketServer;
  private current?: WebSocket;

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(this.server, 'listening');
    // A socket error (the app going away mid-test) must fail a test, not crash the worker.
    this.server.on('error', (error) => this.errors.push(error));
    this.server.on('connection', (socket) => {
      this.connections++;
      this.current = socket;
      socket.on('error', (error) => this.errors.push(error));
      socket.on('message', (data) => {
        try {
          const message = JSON.parse(String(data)) as SocketAck;
          if (message.envelope_id) this.acks.push(message);
        } catch (error) {
          this.errors.push(error as Error);
        }
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake-socket', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0FAKE' },
        }),
      );
    });
    return this;
  }

  get url(): string {
    if (!this.server) throw new Error('start the fake Socket Mode endpoint first');
    const { port } = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=fake`;
  }

  /** Pushes a slash command to the connected app; resolves with the app's ack. */
  async slashCommand(fields: Record<string, string>, timeoutMs = 10_000): Promise<SocketAck> {
    const envelopeId = randomUUID();
    this.send({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload: fields });
    return this.ackFor(envelopeId, timeoutMs);
  }

  /** Pushes an interaction (a `block_actions` payload, a button press); resolves with the ack. */
  async interaction(payload: Record<string, unknown>, timeoutMs = 10_000): Promise<SocketAck> {
    const envelopeId = randomUUID();
    this.send({ envelope_id: envelopeId, type: 'interactive', accepts_response_payload: false, payload });
    return this.ackFor(envelopeId, timeoutMs);
  }

  /** Slack's notice that it will close this connection (e.g. `refresh_requested`). */
  disconnect(reason = 'refresh_requested'): void {
    this.send({ type: 'disconnect', reason, debug_info: { host: 'fake-socket' } });
  }

  async waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.connections >= count && this.current?.readyState === 1, timeoutMs);
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(message: unknown): void {
    if (this.current?.readyState !== 1) throw new Error('no app is connected to the fake Socket Mode endpoint');
    this.current.send(JSON.stringify(message));
  }

  private async ackFor(envelopeId: string, timeoutMs: number): Promise<SocketAck> {
    await waitUntil(() => this.acks.some((a) => a.envelope_id === envelopeId), timeoutMs);
    return this.acks.find((a) => a.envelope_id === envelopeId) as SocketAck;
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting on the fake Socket Mode endpoint');
    await new Promise((r) => setTimeout(r, 20));
  }
}
