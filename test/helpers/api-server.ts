import { afterAll, beforeAll } from 'vitest';
import { createApiKey } from '../../src/accounts/api-key.service.js';
import { type App, type BootstrapOptions, bootstrap } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Account } from '../../src/db/entities/index.js';
import { type LicenseInput, upsertLicense } from '../../src/ingest/license-upsert.js';
import type { TestDatabase } from './test-database.js';

export interface ApiServer {
  app: App;
  url(path: string): string;
  /** A JSON request with an API key; `body` is sent as is when it is a string. */
  send(
    method: string,
    path: string,
    key: string | undefined,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read any field of the answer
  body: any;
}

/** The real app (bootstrap + listen on a free port) with `config`; the caller closes `app`. */
export async function startApiServer(config: Config, options: BootstrapOptions = {}): Promise<ApiServer> {
  const app = await bootstrap(config, options);
  const base = `http://127.0.0.1:${await app.listen(0)}`;
  return {
    app,
    url: (path) => base + path,
    async send(method, path, key, body, headers = {}) {
      const response = await fetch(base + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const raw = await response.text();
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** The real app (bootstrap + listen on a free port) over the file's test database. */
export function useApiServer(
  db: () => TestDatabase,
  /** A function when a value is only known once earlier hooks ran (a private Redis's port). */
  overrides: Partial<Config> | (() => Partial<Config>) = {},
  options: BootstrapOptions = {},
): () => ApiServer {
  let server: ApiServer | undefined;
  beforeAll(async () => {
    server = await startApiServer(
      { ...db().config, ...(typeof overrides === 'function' ? overrides() : overrides) },
      options,
    );
  });
  afterAll(async () => {
    await server?.app.close();
  });
  return () => {
    if (!server) throw new Error('API server not ready: call inside a test or hook');
    return server;
  };
}

/** Registers licenses for an account and returns a fresh API key for it. */
export async function accountWithLicenses(
  db: TestDatabase,
  account: Account,
  licenses: LicenseInput[],
): Promise<string> {
  for (const license of licenses) await upsertLicense(db.em(), account, license, db.config.HASH_SECRET);
  return (await createApiKey(db.em(), account, 'test client', 'test')).key;
}
