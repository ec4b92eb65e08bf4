import { randomUUID } from 'node:crypto';

export const BOT_ID = '28:licbot-test';
export const TENANT = 'tenant-0001';

export interface ActivityOptions {
  serviceUrl: string;
  user: string;
  text?: string;
  value?: unknown;
  replyToId?: string;
  kind?: 'personal' | 'channel';
  tenant?: string;
  /** Starts the text with `<at>LicBot</at>` and its mention entity, as a channel message does. */
  mentionBot?: boolean;
  /** Other people mentioned: Teams user id (`29:…`) and display name. */
  mentions?: { id: string; name: string }[];
  channelId?: string;
}

export const CHANNEL = '19:licenses@thread.tacv2';
export const personalConversation = (user: string) => `a:personal-${user}`;

/** A message activity as Teams sends it to a bot (channelId msteams, tenant, aadObjectId). */
export function teamsActivity(o: ActivityOptions): Record<string, unknown> {
  const kind = o.kind ?? 'personal';
  const tenant = o.tenant ?? TENANT;
  const channel = o.channelId ?? CHANNEL;
  const entities: Record<string, unknown>[] = [];
  let text = o.text ?? '';
  for (const m of o.mentions ?? []) {
    entities.push({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } });
  }
  if (o.mentionBot) {
    text = `<at>LicBot</at> ${text}`;
    entities.push({ type: 'mention', text: '<at>LicBot</at>', mentioned: { id: BOT_ID, name: 'LicBot' } });
  }
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${o.user}`, aadObjectId: o.user, name: `User ${o.user}` },
    recipient: { id: BOT_ID, name: 'LicBot' },
    conversation:
      kind === 'personal'
        ? { id: personalConversation(o.user), conversationType: 'personal', tenantId: tenant }
        : { id: `${channel};messageid=1700000000000`, conversationType: 'channel', isGroup: true, tenantId: tenant },
    channelData: {
      tenant: { id: tenant },
      ...(kind === 'channel'
        ? { channel: { id: channel, name: 'licenses' }, team: { id: '19:team@thread.tacv2' } }
        : {}),
    },
    text,
    entities,
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.replyToId ? { replyToId: o.replyToId } : {}),
  };
}

/** The bot being added to a team channel (conversationUpdate), as Teams sends it. */
export function botAddedToChannel(serviceUrl: string, tenant = TENANT, channel = CHANNEL): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:installer', aadObjectId: 'installer' },
    recipient: { id: BOT_ID, name: 'LicBot' },
    conversation: { id: channel, conversationType: 'channel', isGroup: true, tenantId: tenant },
    channelData: {
      tenant: { id: tenant },
      channel: { id: channel, name: 'licenses' },
      team: { id: '19:team@thread.tacv2' },
      eventType: 'teamMemberAdded',
    },
    membersAdded: [{ id: BOT_ID }],
  };
}
