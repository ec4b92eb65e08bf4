import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/app.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

describe('event API error boundary', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);

  it('answers 400, not a database error, for text PostgreSQL cannot store', async () => {
    const account = await createDefaultAccount(db(), 'acme');
    const code = 'NULLS-0001-SECRET';
    const key = await accountWithLicenses(db(), account, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 1, expiresAt: '2027-01-31', activationCode: code },
    ]);
    const event = {
      type: 'access',
      id: randomUUID(),
      product: 'AGi32',
      activationCode: code,
      user: 'ana@example.com',
      machine: 'WS\u000001',
      version: '1',
      at: '2026-01-01T00:00:00Z',
      mode: 'full',
    };
    const answer = await api().send('POST', '/api/v1/events', key, { events: [event] });
    expect(answer.body).toEqual({
      errors: [{ index: 0, field: 'machine', message: 'must not contain NUL characters' }],
    });
  });

  it('logs an unexpected failure with a request id and answers 500 quoting that id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const app = await bootstrap(db().config, { logger });
    const port = await app.listen(0);
    await app.orm.close(); // the database goes away under the running server
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: 'Bearer lbk_anything', 'content-type': 'application/json' },
        body: '{"events": []}',
      });
      const body = await response.json();
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body).toEqual({
        errors: [{ index: null, field: null, message: `Internal error; nothing was stored. Request id: ${requestId}` }],
        requestId,
      });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ requestId, msg: 'event API request failed', path: '/events' });
      expect(lines[0]).not.toContain('lbk_anything');
    } finally {
      await app.close();
    }
  });
});
