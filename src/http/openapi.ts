import { type ZodType, z } from 'zod';
import { EVENT_SCHEMAS, MAX_ITEMS_PER_REQUEST } from '../ingest/event.schema.js';
import { licenseSchema } from '../ingest/license-api.js';

// The contract of /api/v1 for client authors, served at /api/v1/openapi.json. The request
// bodies are generated from the zod schemas that validate them, so the document says what
// the API checks; a test checks that every path documented here answers.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12), as clients must send it. */
function schemaOf(schema: ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json;
}

const EVENT_COMPONENTS = {
  AccessEvent: EVENT_SCHEMAS.access,
  SessionStartEvent: EVENT_SCHEMAS.session_start,
  SessionHeartbeatEvent: EVENT_SCHEMAS.session_heartbeat,
  SessionEndEvent: EVENT_SCHEMAS.session_end,
  ActivationEvent: EVENT_SCHEMAS.activation,
  DeactivationEvent: EVENT_SCHEMAS.deactivation,
};

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

/** A request body `{"<key>": [...]}` of at most MAX_ITEMS_PER_REQUEST items. */
const listBody = (key: string, items: Record<string, unknown>) => ({
  required: true,
  content: json({
    type: 'object',
    required: [key],
    properties: { [key]: { type: 'array', maxItems: MAX_ITEMS_PER_REQUEST, items } },
  }),
});

const error = (description: string) => ({ description, content: json(ref('Errors')) });
const common = {
  '401': error('Missing, unknown or revoked API key (the same answer for all three).'),
  '413': error('Body over 1 MiB or more than 1,000 items.'),
  '415': error('The body is not sent as application/json, or with a Content-Encoding other than gzip, deflate, br.'),
  '429': error('Too many requests for this API key this minute; see the Retry-After header.'),
  '500': error('Internal error; nothing stored; the message quotes a request id.'),
  '503': error(
    'The database is briefly unavailable (connection lost, restarting, full, or conflicting requests): send the same request again after the Retry-After header (seconds); nothing is stored twice.',
  ),
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'LicBot event and license API',
    version: '1.0.0',
    description:
      'License clients and servers report usage events and register licenses. Every request is all or nothing: ' +
      'one invalid item answers 400 with every problem listed and stores nothing.',
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer', description: 'Created with `licbot apikey create`.' },
    },
    schemas: {
      Issue: {
        type: 'object',
        required: ['index', 'field', 'message'],
        properties: {
          index: { type: ['integer', 'null'], description: 'Position of the bad item; null for the request.' },
          field: { type: ['string', 'null'], description: 'The field to fix, e.g. `mode` or `at`.' },
          message: { type: 'string' },
        },
      },
      Errors: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: ref('Issue'),
          },
          requestId: { type: 'string', description: 'Only on 500: quote it when reporting the problem.' },
        },
      },
      ...Object.fromEntries(Object.entries(EVENT_COMPONENTS).map(([name, schema]) => [name, schemaOf(schema)])),
      License: schemaOf(licenseSchema),
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/api/v1/events': {
      post: {
        summary: 'Report usage events (at most 1,000 per request, 1 MiB)',
        requestBody: listBody('events', {
          oneOf: Object.keys(EVENT_COMPONENTS).map(ref),
          discriminator: { propertyName: 'type' },
        }),
        responses: {
          '200': {
            description:
              'Stored. accepted + duplicates + conflicts = events sent. `duplicates` counts events that changed ' +
              'nothing (id seen before for the same type, a start of a session already started, ...). `conflicts` ' +
              '(only when there are some) lists the events not stored because they contradict what is stored: an ' +
              'event id already used for another type of event, a sessionId already used by another session (and ' +
              "that session's later heartbeats and end in the request); sent again, they are reported again.",
            content: json({
              type: 'object',
              required: ['accepted', 'duplicates'],
              properties: {
                accepted: { type: 'integer' },
                duplicates: { type: 'integer' },
                conflicts: { type: 'array', items: ref('Issue') },
              },
            }),
          },
          '400': error(
            'At least one event is invalid, or the body is not valid JSON / UTF-8 / the compression its ' +
              'Content-Encoding names; every problem is listed; nothing was stored.',
          ),
          ...common,
        },
      },
    },
    '/api/v1/licenses': {
      put: {
        summary: 'Create or update licenses by activation code (at most 1,000 per request)',
        requestBody: listBody('licenses', ref('License')),
        responses: {
          '200': {
            description: 'Stored. `warnings` (only when there are some) names new codes that start like another one.',
            content: json({
              type: 'object',
              properties: {
                created: { type: 'integer' },
                updated: { type: 'integer' },
                warnings: { type: 'array', items: { type: 'string' } },
              },
            }),
          },
          '400': error('At least one license is invalid; every problem is listed; nothing was stored.'),
          '409': error(
            'A known activation code was sent with another product or type: an upsert never moves a license ' +
              '(`licbot licenses move` does, on purpose); nothing was stored.',
          ),
          ...common,
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        summary: 'This document (no API key needed)',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.' } },
      },
    },
  },
} as const;
