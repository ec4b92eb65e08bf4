import { randomUUID } from 'node:crypto';
import { CATALOGUE } from '../domain/license.js';
import type { Logger } from '../logger.js';
import { SCALE_SPECS } from '../seed/scales.js';
import { planWorld } from '../seed/world.js';

/** Who can use what: the seeded activations still active, on licenses that take events. */
interface Seat {
  product: string;
  activationCode: string;
  type: string;
  user: string;
  machine: string;
  version: string;
}

type Event = Record<string, string>;

/**
 * The seed's licenses and activations. The seed is deterministic, and activation codes are
 * drawn before anything that depends on the end date, so planning again gives the codes
 * that are in the database (only their hashes are stored there).
 */
function seats(now: number): Seat[] {
  const world = planWorld(SCALE_SPECS.small, 1, now, 'UTC');
  const today = new Date(now).toISOString().slice(0, 10);
  return world.activations.flatMap((a) => {
    const license = world.licenses[a.license]!;
    if (a.deactivatedAt !== null || license.type === 'HWK' || license.expiresAt < today) return [];
    return [
      {
        product: CATALOGUE[license.product]!,
        activationCode: license.activationCode,
        type: license.type,
        user: a.email,
        machine: a.machine,
        version: a.versionTo,
      },
    ];
  });
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

export interface DemoClientOptions {
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  /** How often the client reports (heartbeats must come well within SESSION_TIMEOUT_MINUTES). */
  intervalMs?: number;
}

/**
 * A small simulated license client for the demo: heartbeats for its open sessions, new
 * sessions, accesses and the odd denial, sent through the real event API with the demo
 * key, so the numbers move and `/sessions` shows active sessions for as long as it runs.
 */
export function startDemoClient(options: DemoClientOptions): { stop(): Promise<void> } {
  const pool = seats(Date.now());
  const open = new Map<string, Seat>();
  let target = 5;
  const post = async (events: Event[]) => {
    if (!events.length) return;
    const res = await fetch(`${options.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (!res.ok) options.logger.warn({ status: res.status, body: await res.text() }, 'demo client: events refused');
  };
  const event = (type: string, extra: Event): Event => ({
    type,
    id: randomUUID(),
    at: new Date().toISOString(),
    ...extra,
  });
  const licensed = (seat: Seat): Event => ({
    product: seat.product,
    activationCode: seat.activationCode,
    user: seat.user,
    machine: seat.machine,
    version: seat.version,
  });

  const tick = async () => {
    const events: Event[] = [];
    for (const [sessionId] of open) {
      if (Math.random() < 0.12) {
        events.push(event('session_end', { sessionId }));
        open.delete(sessionId);
      } else events.push(event('session_heartbeat', { sessionId }));
    }
    if (Math.random() < 0.1) target = 3 + Math.floor(Math.random() * 6);
    while (open.size < target && pool.length) {
      const seat = pick(pool);
      const sessionId = `demo-${randomUUID().slice(0, 8)}`;
      open.set(sessionId, seat);
      const { version, ...rest } = licensed(seat);
      events.push(event('session_start', { ...rest, version: version!, sessionId }));
    }
    for (let i = Math.floor(Math.random() * 3); i > 0 && pool.length; i--) {
      const seat = pick(pool);
      const denied = Math.random() < 0.15;
      const mode = seat.type === 'MUL' ? (denied ? 'declined' : 'full') : denied ? 'take_denied' : 'take';
      events.push(event('access', { ...licensed(seat), mode }));
    }
    await post(events);
  };

  let running: Promise<void> = Promise.resolve();
  let busy = false;
  // One report at a time: a report still in flight may carry the start of a session whose
  // heartbeat the next one sends, and the API refuses a heartbeat before its start.
  const run = () => {
    if (busy) return;
    busy = true;
    running = tick()
      .catch((error) => options.logger.warn({ err: error }, 'demo client: report failed'))
      .finally(() => {
        busy = false;
      });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? 20_000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      // End what it started, so the demo leaves no session for the sweep to close.
      await post([...open.keys()].map((sessionId) => event('session_end', { sessionId }))).catch(() => undefined);
      open.clear();
    },
  };
}
