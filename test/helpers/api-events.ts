import { randomUUID } from 'node:crypto';

// Events of POST /api/v1/events for one AGi32 license, ana on WS-01 unless `extra` says
// otherwise; each gets a fresh id.

/** The fields every licensed event (access, session_start, activation, ...) carries. */
export const licensedFields = (activationCode: string, at: string) => ({
  id: randomUUID(),
  product: 'AGi32',
  activationCode,
  user: 'ana@example.com',
  machine: 'WS-01',
  version: '2.1.0',
  at,
});

export const accessEvent = (activationCode: string, extra: Record<string, unknown> = {}) => ({
  type: 'access',
  ...licensedFields(activationCode, '2026-03-02T08:00:00Z'),
  mode: 'full',
  ...extra,
});

export const sessionStart = (
  activationCode: string,
  sessionId: string,
  at: string,
  extra: Record<string, unknown> = {},
) => ({ type: 'session_start', ...licensedFields(activationCode, at), sessionId, ...extra });

export const heartbeat = (sessionId: string, at: string) => ({
  type: 'session_heartbeat',
  id: randomUUID(),
  sessionId,
  at,
});

export const sessionEnd = (sessionId: string, at: string) => ({ type: 'session_end', id: randomUUID(), sessionId, at });
