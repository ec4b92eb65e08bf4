import express, { type Express } from 'express';
import type { ChatDeps } from '../../core/chat-entry.js';
import { createTeamsAdapter, type TeamsAuthOptions, teamsEnabled } from './teams-adapter.js';
import { teamsTurnHandler } from './teams-bot.js';

export interface TeamsPlatform {
  name: 'teams';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Teams side of LicBot: the Bot Framework endpoint POST /api/messages on the shared HTTP
 * server. Undefined when Teams is not configured (no MICROSOFT_APP_ID and no local mode).
 * `options` are for tests and sovereign clouds (see TeamsAuthOptions).
 */
export function teamsPlatform(options: TeamsAuthOptions = {}) {
  return (http: Express, deps: ChatDeps): TeamsPlatform | undefined => {
    if (!teamsEnabled(deps.config)) {
      deps.logger.info('Teams disabled: set MICROSOFT_APP_ID (and its password) to enable it');
      return undefined;
    }
    const { adapter } = createTeamsAdapter(deps.config, deps.logger, options);
    const handle = teamsTurnHandler(deps);
    http.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
      // CloudAdapter answers 401 for a missing token or a bad claim, but 500 when the JWT
      // library itself rejects the token (a bad signature): a request refused before its
      // turn started was refused by authentication, so it reads as 401 either way.
      let started = false;
      const status = res.status.bind(res);
      res.status = (code: number) => status(code === 500 && !started ? 401 : code);
      await adapter.process(req, res, async (context) => {
        started = true;
        await handle(context);
      });
    });
    return { name: 'teams', start: async () => undefined, stop: async () => undefined };
  };
}

export const createTeamsPlatform = teamsPlatform();
