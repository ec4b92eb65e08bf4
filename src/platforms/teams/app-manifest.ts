import { commands } from '../../core/registry.js';

/**
 * The commands offered in Teams' command menu. Teams shows at most 10 per scope, so this
 * picks the most used of `help`'s list; each must still be a registered command (a test
 * checks it), so the menu never offers a command LicBot does not have.
 */
export const MENU: { title: string; command: string }[] = [
  { title: 'licstats', command: 'licstats' },
  { title: 'licstats csv', command: 'licstats csv' },
  { title: 'licstats flags', command: 'licstats flags' },
  { title: 'sessions', command: 'sessions' },
  { title: 'sessions condensed', command: 'sessions' },
  { title: 'licstats reset', command: 'licstats reset' },
  { title: 'licstats undo-reset', command: 'licstats undo-reset' },
  { title: 'licstats subscribe weekly', command: 'licstats subscribe' },
  { title: 'licstats subscriptions', command: 'licstats subscriptions' },
  { title: 'licstats help', command: 'help' },
];

function commandList(): { title: string; description: string }[] {
  return MENU.map(({ title, command }) => {
    const found = commands.find((c) => c.name === command);
    const summary = command === 'help' ? 'every command and what it needs' : found?.summary;
    if (!summary) throw new Error(`the Teams menu names "${command}", which is not a registered command`);
    const description = title === 'sessions condensed' ? 'one row per person and program' : summary;
    return { title, description: description.slice(0, 128) };
  });
}

export interface ManifestValues {
  appId: string;
  publicUrl: string;
  version: string;
}

/** The app manifest (schema 1.22) for one bot registration and public URL. */
export function teamsManifest(template: Record<string, unknown>, values: ManifestValues): Record<string, unknown> {
  const host = new URL(values.publicUrl).host;
  const base = values.publicUrl.replace(/\/+$/, '');
  const list = commandList();
  const filled = JSON.parse(
    JSON.stringify(template)
      .replaceAll('{{MICROSOFT_APP_ID}}', values.appId)
      .replaceAll('{{PUBLIC_URL}}', base)
      .replaceAll('{{PUBLIC_HOST}}', host),
  ) as Record<string, unknown> & { bots: Record<string, unknown>[] };
  filled.version = values.version;
  filled.bots = filled.bots.map((bot) => ({
    ...bot,
    commandLists: [
      { scopes: ['personal'], commands: list },
      { scopes: ['team', 'groupChat'], commands: list },
    ],
  }));
  return filled;
}
