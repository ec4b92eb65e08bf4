import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, slashCommands } from '../../../src/core/registry.js';

// slack/manifest.yml is pasted into Slack by hand, so it cannot be generated at run time;
// these checks keep it in step with the code instead.
const manifest = readFileSync(new URL('../../../slack/manifest.yml', import.meta.url), 'utf8');

/** The `- key: value` items of a YAML list under `section:` (enough for our own flat manifest). */
function listItems(section: string, key?: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${section}:`);
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && line.search(/\S/) <= indent) break;
    const item = /^\s*- ([^#]*)/.exec(line)?.[1]?.trim();
    if (item === undefined) continue;
    if (!key) items.push(item);
    else if (item.startsWith(`${key}: `)) items.push(item.slice(key.length + 2));
  }
  return items;
}

describe('slack/manifest.yml', () => {
  it('declares exactly the slash commands of the command registry', () => {
    expect(listItems('slash_commands', 'command')).toEqual(slashCommands());
    expect(slashCommands()).toEqual([...new Set(commands.map((c) => `/${c.name.split(' ')[0]}`))]);
  });

  it('asks for the bot scopes LicBot uses and no other', () => {
    // Each scope with what needs it; a new Web API call that needs another scope adds a line here.
    const needed: Record<string, string> = {
      commands: '/licstats and /sessions',
      'chat:write': 'messages the bot posts itself (the delivery port: scheduled posts and alerts)',
      'files:write': 'files.getUploadURLExternal and files.completeUploadExternal (CSV files)',
      'im:write': 'conversations.open (files of private replies go to a direct message)',
      'channels:history': 'conversations.history: a retried weekly post finds the one it made (public channels)',
      'groups:history': 'conversations.history for private channels, likewise',
    };
    expect(listItems('bot').sort()).toEqual(Object.keys(needed).sort());
  });
});
