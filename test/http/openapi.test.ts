import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/api-key.service.js';
import { ACCESS_MODES } from '../../src/domain/license.js';
import { openApiDocument } from '../../src/http/openapi.js';
import { EVENT_SCHEMAS } from '../../src/ingest/event.schema.js';
import { useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

describe('GET /api/v1/openapi.json', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);

  it('serves the OpenAPI 3.1 document without an API key', async () => {
    const answer = await api().send('GET', '/api/v1/openapi.json', undefined);
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths).sort()).toEqual([
      '/api/v1/events',
      '/api/v1/licenses',
      '/api/v1/openapi.json',
    ]);
  });

  it('documents only endpoints that exist, with the methods they answer', async () => {
    const { body } = await api().send('GET', '/api/v1/openapi.json', undefined);
    for (const [path, operations] of Object.entries<Record<string, { security?: unknown[] }>>(body.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const answer = await api().send(method.toUpperCase(), path, undefined, method === 'get' ? undefined : {});
        // Protected endpoints exist when they ask for a key; an undocumented one would be 404.
        expect([path, method, answer.status]).toEqual([path, method, operation.security ? 200 : 401]);
      }
    }
    expect((await api().send('GET', '/api/v1/nothing-here', undefined)).status).toBe(401);
  });

  it('documents every event type with the fields its zod schema checks', () => {
    type Documented = { properties: Record<string, { const?: string; enum?: string[] }>; required: string[] };
    const schemas = openApiDocument.components.schemas as unknown as Record<string, Documented>;
    const events = Object.values(schemas).filter((s) => s.properties?.type?.const);
    expect(events.map((s) => s.properties.type?.const).sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
    for (const s of events) {
      const fields = Object.keys(EVENT_SCHEMAS[s.properties.type?.const as keyof typeof EVENT_SCHEMAS].shape).sort();
      expect(Object.keys(s.properties).sort()).toEqual(fields);
      expect([...s.required].sort()).toEqual(fields);
    }
    expect(schemas.AccessEvent?.properties.mode?.enum).toEqual([...ACCESS_MODES]);
  });

  it('answers 405 with Allow for a documented path used with the wrong method', async () => {
    const key = (await createApiKey(db().em(), await createDefaultAccount(db(), 'acme'), 'k', 'test')).key;
    const answer = await api().send('GET', '/api/v1/events', key);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect((await api().send('GET', '/api/v1/nothing-here', key)).status).toBe(404);
  });
});
