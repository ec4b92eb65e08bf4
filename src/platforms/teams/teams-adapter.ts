import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { withoutRequest } from './teams-errors.js';

/**
 * What tests and sovereign clouds may change in the Bot Framework authentication: the
 * OpenID metadata and token issuer that inbound tokens are checked against, and how the bot
 * gets its own outbound tokens.
 */
type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

export interface TeamsAuthOptions {
  auth?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  credentialsFactory?: CredentialsFactory;
}

export interface TeamsAdapter {
  adapter: CloudAdapter;
  /** The bot's Microsoft App id; empty in local mode. */
  appId: string;
  local: boolean;
}

/** Teams runs when it has an app id, or in the explicit local mode (never in production: see config). */
export const teamsEnabled = (config: Config) => config.TEAMS_LOCAL_MODE || Boolean(config.MICROSOFT_APP_ID);

/**
 * The CloudAdapter every Teams path shares (the endpoint and the workers' proactive posts).
 * Inbound tokens are always verified, except in TEAMS_LOCAL_MODE, where an empty app id makes
 * botbuilder accept unauthenticated activities and post replies without a token.
 */
export function createTeamsAdapter(config: Config, logger: Logger, options: TeamsAuthOptions = {}): TeamsAdapter {
  const local = config.TEAMS_LOCAL_MODE;
  const appId = local ? '' : (config.MICROSOFT_APP_ID ?? '');
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: local ? '' : (config.MICROSOFT_APP_PASSWORD ?? ''),
      MicrosoftAppType: config.MICROSOFT_APP_TYPE,
      MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
      ...options.auth,
    },
    options.credentialsFactory,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: withoutRequest(error), activityType: context.activity.type }, 'Teams turn failed');
  };
  if (local) logger.warn('Teams local mode: activities are accepted without a token (never use this in production)');
  return { adapter, appId, local };
}
