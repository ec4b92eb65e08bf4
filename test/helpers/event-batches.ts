import { randomUUID } from 'node:crypto';

/** A license the fault tests send events for: SUL AGi32, ten activations, far from expiry. */
export const FAULT_LICENSE = {
  product: 'AGi32',
  type: 'SUL',
  seats: 1,
  activationsAllowed: 10,
  expiresAt: '2099-12-31',
  activationCode: 'FAULT-0001-SECRET-CODE',
} as const;

/** `count` `full` access events of FAULT_LICENSE, each with a fresh id, minutes before `now`. */
export function accessBatch(count: number, now: Date, user = 'ana@example.com'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'access',
    id: randomUUID(),
    product: FAULT_LICENSE.product,
    activationCode: FAULT_LICENSE.activationCode,
    user,
    machine: 'WS-01',
    version: '1.0',
    at: new Date(now.getTime() - (i + 1) * 60_000).toISOString(),
    mode: 'full',
  }));
}

/** A session of FAULT_LICENSE started and ended within one batch (two events, one transaction). */
export function sessionBatch(sessionId: string, now: Date): Record<string, unknown>[] {
  const start = new Date(now.getTime() - 30 * 60_000).toISOString();
  return [
    {
      type: 'session_start',
      id: randomUUID(),
      sessionId,
      product: FAULT_LICENSE.product,
      activationCode: FAULT_LICENSE.activationCode,
      user: 'ana@example.com',
      machine: 'WS-01',
      version: '1.0',
      at: start,
    },
    { type: 'session_end', id: randomUUID(), sessionId, at: new Date(now.getTime() - 60_000).toISOString() },
  ];
}
