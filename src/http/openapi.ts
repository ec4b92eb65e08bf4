import { ACCESS_MODES, LICENSE_TYPES } from '../domain/license.js';

// The contract of /api/v1 for client authors, served at /api/v1/openapi.json. A test checks
// that every path documented here answers, so it cannot drift into fiction.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra });
const at = str('When it happened: ISO 8601 with an offset; at most 5 minutes ahead of the server clock.', {
  format: 'date-time',
  examples: ['2026-01-15T09:30:00Z', '2026-01-15T10:30:00+01:00'],
});
const id = str('A UUID the client makes once per event; an id sent again is counted as a duplicate.', {
  format: 'uuid',
});
const licensed = {
  product: str('Product name, case-insensitive (e.g. AGi32).', { maxLength: 200 }),
  activationCode: str('The full activation code of a license registered with PUT /api/v1/licenses.'),
  user: str('Email of the user.', { format: 'email' }),
  machine: str('Computer name.', { maxLength: 200 }),
};
const version = str('Program version.', { maxLength: 64 });
const sessionId = str('The client id of the session (unique per account).', { maxLength: 200 });

function eventSchema(type: string, description: string, properties: Record<string, unknown>) {
  return {
    type: 'object',
    description,
    required: ['type', 'id', 'at', ...Object.keys(properties)],
    properties: { type: { const: type }, id, at, ...properties },
  };
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Errors') } },
});
const common = {
  '401': error('Missing, unknown or revoked API key (the same answer for all three).'),
  '413': error('Body over 1 MiB or more than 1,000 items.'),
  '415': error('The body is not sent as application/json.'),
  '429': error('Too many requests for this API key this minute; see the Retry-After header.'),
  '500': error('Internal error; nothing stored; the message quotes a request id.'),
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
      Errors: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'field', 'message'],
              properties: {
                index: { type: ['integer', 'null'], description: 'Position of the bad item; null for the request.' },
                field: { type: ['string', 'null'], description: 'The field to fix, e.g. `mode` or `at`.' },
                message: { type: 'string' },
              },
            },
          },
          requestId: { type: 'string', description: 'Only on 500: quote it when reporting the problem.' },
        },
      },
      AccessEvent: eventSchema('access', 'The program was started or refused; counted in the license stats.', {
        ...licensed,
        version,
        mode: {
          enum: [...ACCESS_MODES],
          description: 'take and take_denied apply to SUL only, checkout to MUL only; HWK licenses take no events.',
        },
      }),
      SessionStartEvent: eventSchema('session_start', 'A program run begins (a repeated start is a duplicate).', {
        sessionId,
        ...licensed,
        version,
      }),
      SessionHeartbeatEvent: eventSchema(
        'session_heartbeat',
        'The session is still running. Its session_start must come first (earlier in the batch or before).',
        { sessionId },
      ),
      SessionEndEvent: eventSchema(
        'session_end',
        'The session ended. Its session_start must come first; an end for a closed session is a duplicate.',
        { sessionId },
      ),
      ActivationEvent: eventSchema(
        'activation',
        'A computer was activated with the code. Refused when all activations of the code are used.',
        licensed,
      ),
      DeactivationEvent: eventSchema('deactivation', 'The activation of this user and machine ended.', licensed),
      License: {
        type: 'object',
        required: ['product', 'type', 'seats', 'activationsAllowed', 'expiresAt', 'activationCode'],
        properties: {
          product: str('Product name; a new name is added after the existing products.'),
          type: { enum: [...LICENSE_TYPES], description: 'Single user, multi-user (pool) or hardware key.' },
          seats: { type: 'integer', minimum: 1 },
          activationsAllowed: { type: 'integer', minimum: 0 },
          expiresAt: str('Expiry date.', { format: 'date', examples: ['2027-01-31'] }),
          activationCode: str('The full code (only its first 5 characters are ever shown); the upsert key.', {
            minLength: 6,
          }),
        },
      },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/api/v1/events': {
      post: {
        summary: 'Report usage events (at most 1,000 per request, 1 MiB)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['events'],
                properties: {
                  events: {
                    type: 'array',
                    maxItems: 1000,
                    items: {
                      oneOf: [
                        'AccessEvent',
                        'SessionStartEvent',
                        'SessionHeartbeatEvent',
                        'SessionEndEvent',
                        'ActivationEvent',
                        'DeactivationEvent',
                      ].map(ref),
                      discriminator: { propertyName: 'type' },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Stored. `duplicates` counts events that changed nothing (id seen before, ...).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' } },
                },
              },
            },
          },
          '400': error('At least one event is invalid; every problem is listed; nothing was stored.'),
          ...common,
        },
      },
    },
    '/api/v1/licenses': {
      put: {
        summary: 'Create or update licenses by activation code (at most 1,000 per request)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['licenses'],
                properties: { licenses: { type: 'array', maxItems: 1000, items: ref('License') } },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Stored.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { created: { type: 'integer' }, updated: { type: 'integer' } },
                },
              },
            },
          },
          '400': error('At least one license is invalid; every problem is listed; nothing was stored.'),
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
