import { describe, expect, it } from 'vitest';
import { helpReply } from '../../src/core/commands/help.command.js';
import { commands } from '../../src/core/registry.js';

describe('help', () => {
  it('tells each platform who sees a reply: `public` is a Slack word, threads are Teams’', () => {
    expect(helpReply(commands, 'slack').text).toContain('add `public` to share one in the channel');
    const teams = helpReply(commands, 'teams').text ?? '';
    expect(teams).toContain('in a channel they go to the thread where you typed');
    expect(teams).not.toContain('public');
  });

  it('lists every command of the registry once, with the role it needs', () => {
    const rows = helpReply(commands).tables?.[0]?.rows ?? [];
    expect(rows.map((r) => r[0])).toEqual(commands.map((c) => c.usage));
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['admin', 'manager or admin']));
  });
});
