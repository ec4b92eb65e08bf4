import { generateKeyPairSync } from 'node:crypto';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { FakeTeams } from '../../helpers/fake-teams.js';
import { BOT_ID, teamsActivity } from '../../helpers/teams-activity.js';
import { TEAMS_ADMIN, useTeamsHarness } from '../../helpers/teams-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const APP_ID = '00000000-0000-0000-0000-00000000b07';

/**
 * Outbound tokens come from Azure AD (MSAL), which a test cannot reach: this factory signs
 * the bot's own calls with a fixed token. Inbound verification is botbuilder's own code.
 */
class FixedOutboundToken extends PasswordServiceClientCredentialFactory {
  override async createCredentials() {
    return {
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        request.headers.set('authorization', 'Bearer outbound-test-token');
        return request;
      },
    } as never;
  }
}

const authFor = (teams: FakeTeams) => ({
  auth: {
    ToBotFromChannelOpenIdMetadataUrl: teams.openIdUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: teams.openIdUrl,
    ToBotFromChannelTokenIssuer: teams.issuer,
    ToChannelFromBotLoginUrl: `${teams.url}/login`,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ValidateAuthority: false,
  },
  credentialsFactory: new FixedOutboundToken(APP_ID, 'app-password'),
});

describe('Teams: tokens are verified unless local mode is on', () => {
  const h = useTeamsHarness({
    env: { TEAMS_LOCAL_MODE: 'false', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'app-password' },
    auth: authFor,
  });
  const activity = () => teamsActivity({ serviceUrl: h().teams.url, user: TEAMS_ADMIN, text: 'licstats help' });
  const claims = () => ({ aud: APP_ID, serviceurl: h().teams.url, appid: BOT_ID });

  beforeAll(async () => {
    await createDefaultAccount(h().db);
  });

  it('refuses a request without a token, and posts nothing', async () => {
    expect(await h().post(activity())).toBe(401);
    expect(h().teams.calls).toEqual([]);
  });

  it('refuses a token signed with another key, for another bot, or expired', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    expect(await h().post(activity(), bearer(h().teams.signToken(claims(), otherKey)))).toBe(401);
    expect(await h().post(activity(), bearer(h().teams.signToken({ ...claims(), aud: 'another-bot' })))).toBe(401);
    const past = Math.floor(Date.now() / 1000) - 7200;
    expect(await h().post(activity(), bearer(h().teams.signToken({ ...claims(), nbf: past, exp: past + 60 })))).toBe(
      401,
    );
    expect(await h().post(activity(), bearer('not-a-jwt'))).toBe(401);
    expect(h().teams.calls).toEqual([]);
  });

  it('accepts a token signed with the key set the metadata names, and replies with its own token', async () => {
    const status = await h().post(activity(), { authorization: `Bearer ${h().teams.signToken(claims())}` });
    expect(status).toBe(200);
    const [reply] = h().teams.sent();
    expect(reply?.authorization).toBe('Bearer outbound-test-token');
  });

  it('cannot start in local mode in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', HASH_SECRET: 'a-very-private-secret', TEAMS_LOCAL_MODE: 'true' }),
    ).toThrow(/TEAMS_LOCAL_MODE: accepts unauthenticated Teams activities/);
    expect(() => loadConfig({ MICROSOFT_APP_ID: APP_ID })).toThrow(/MICROSOFT_APP_PASSWORD: is needed/);
  });
});
