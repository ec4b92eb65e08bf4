import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../../../src/core/registry.js';
import { MENU, teamsManifest } from '../../../src/platforms/teams/app-manifest.js';
import { packageTeamsApp } from '../../../src/platforms/teams/package-app.js';

const APP_ID = '3f2c1b4a-9d8e-4c7b-a6f5-0e1d2c3b4a59';

/** The entries of a ZIP, read from its central directory. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(buffer.subarray(start, start + size)));
    at += 46 + nameLength + extra;
  }
  return files;
}

const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('Teams app package', () => {
  it('zips the manifest with this bot’s id and host, and the two icons at their sizes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licbot-pkg-'));
    try {
      const out = await packageTeamsApp(
        { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', PUBLIC_URL: 'https://licbot.example.com' },
        join(dir, 'app.zip'),
      );
      const files = unzip(await readFile(out));
      expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
      expect(manifest.manifestVersion).toBe('1.22');
      expect(manifest.$schema).toContain('/v1.22/MicrosoftTeams.schema.json');
      expect(manifest.id).toBe(APP_ID);
      expect(manifest.bots[0].botId).toBe(APP_ID);
      expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
      expect(manifest.validDomains).toEqual(['licbot.example.com']);
      expect(manifest.developer.websiteUrl).toBe('https://licbot.example.com');
      expect(JSON.stringify(manifest)).not.toContain('{{');
      expect(manifest.name.short.length).toBeLessThanOrEqual(30);
      expect(manifest.description.short.length).toBeLessThanOrEqual(80);
      expect(pngSize(files.get('color.png') as Buffer)).toEqual([192, 192]);
      expect(pngSize(files.get('outline.png') as Buffer)).toEqual([32, 32]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('offers in both scopes at most 10 commands, each one LicBot has, as help lists them', () => {
    const template = JSON.parse(readFileSync('teams/manifest.json', 'utf8'));
    const manifest = teamsManifest(template, { appId: APP_ID, publicUrl: 'https://x.test', version: '1.0.0' }) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
    };
    const lists = manifest.bots[0]?.commandLists ?? [];
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        const [name = '', ...args] = c.title.split(' ');
        const resolved = resolveCommand(name, args);
        expect(resolved.command.name === 'help' || !resolved.possibleTypo, c.title).toBe(true);
      }
    }
    expect(MENU.map((m) => m.title)).toContain('licstats help');
    // The committed manifest reads complete: its lists are the generated ones.
    expect(template.bots[0].commandLists).toEqual(lists);
  });

  it('refuses to build without a bot id or an https address', async () => {
    await expect(packageTeamsApp({ PUBLIC_URL: 'http://localhost:3000' }, '/dev/null')).rejects.toThrow(
      /MICROSOFT_APP_ID must be[\s\S]*PUBLIC_URL must be the https/,
    );
  });
});
