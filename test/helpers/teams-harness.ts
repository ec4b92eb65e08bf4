import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type App, bootstrap } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { TeamsAuthOptions } from '../../src/platforms/teams/teams-adapter.js';
import { teamsPlatform } from '../../src/platforms/teams/teams-app.js';
import { FakeTeams } from './fake-teams.js';
import { type ActivityOptions, teamsActivity } from './teams-activity.js';
import { type TestDatabase, useTestDatabase } from './test-database.js';

export const TEAMS_ADMIN = 'aad-admin-0001';

export interface TeamsHarness {
  db: TestDatabase;
  teams: FakeTeams;
  app: App;
  baseUrl: string;
  filesDir: string;
  /** POSTs an activity to /api/messages; resolves with the HTTP status once the turn is done. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<number>;
  /** Types a message and returns what the bot sent back (sends and updates made by that turn). */
  say(options: Omit<ActivityOptions, 'serviceUrl'>): Promise<import('./fake-teams.js').ConnectorCall[]>;
}

/**
 * A real LicBot (HTTP server, botbuilder CloudAdapter, PostgreSQL) whose activities carry a
 * serviceUrl pointing at a fake connector on localhost. Local mode unless `env` turns it off
 * (then `auth` points token checks at the fake's key set).
 */
export function useTeamsHarness(
  options: { now?: () => Date; env?: Record<string, string>; auth?: (teams: FakeTeams) => TeamsAuthOptions } = {},
): () => TeamsHarness {
  const db = useTestDatabase();
  let harness: TeamsHarness | undefined;
  beforeAll(async () => {
    const teams = await new FakeTeams().start();
    const filesDir = await mkdtemp(join(tmpdir(), 'licbot-teams-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: db().url,
      QUEUE_PREFIX: db().config.QUEUE_PREFIX,
      TEAMS_LOCAL_MODE: 'true',
      ADMINS: `teams:${TEAMS_ADMIN}`,
      FILES_DIR: filesDir,
      ...options.env,
    });
    const app = await bootstrap(config, { now: options.now, platforms: [teamsPlatform(options.auth?.(teams))] });
    const port = await app.listen(0);
    const baseUrl = `http://127.0.0.1:${port}`;
    const post = async (activity: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const res = await fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      await res.arrayBuffer();
      return res.status;
    };
    harness = {
      db: db(),
      teams,
      app,
      baseUrl,
      filesDir,
      post,
      async say(o) {
        const before = teams.calls.length;
        expect(await post(teamsActivity({ serviceUrl: teams.url, ...o }))).toBeLessThan(300);
        return teams.calls.slice(before).filter((c) => c.kind === 'send' || c.kind === 'update');
      },
    };
  });
  afterAll(async () => {
    await harness?.app.close();
    await harness?.teams.stop();
    if (harness) await rm(harness.filesDir, { recursive: true, force: true });
  });
  return () => {
    if (!harness) throw new Error('Teams harness not ready');
    return harness;
  };
}
