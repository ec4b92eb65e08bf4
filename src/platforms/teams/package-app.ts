import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config.js';
import { teamsManifest } from './app-manifest.js';
import { zip } from './zip.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `npm run teams:package`: teams/manifest.json filled with this install's bot id and public
 * URL, zipped with the two icons into teams/licbot-teams.zip, ready to upload in Teams.
 */
export async function packageTeamsApp(
  env: NodeJS.ProcessEnv = process.env,
  out = join(root, 'teams/licbot-teams.zip'),
): Promise<string> {
  const config = loadConfig(env);
  const problems = [
    ...(config.MICROSOFT_APP_ID && GUID.test(config.MICROSOFT_APP_ID)
      ? []
      : ['MICROSOFT_APP_ID must be the Azure Bot\'s "Microsoft App ID" (a GUID)']),
    ...(config.PUBLIC_URL?.startsWith('https://')
      ? []
      : ['PUBLIC_URL must be the https:// address Teams reaches LicBot at']),
  ];
  if (problems.length) throw new Error(`Cannot build the Teams package:\n  - ${problems.join('\n  - ')}`);
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(await readFile(join(root, 'teams/manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = teamsManifest(template, {
    appId: config.MICROSOFT_APP_ID as string,
    publicUrl: config.PUBLIC_URL as string,
    version: pkg.version,
  });
  await writeFile(
    out,
    zip([
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
      { name: 'color.png', data: await readFile(join(root, 'teams/color.png')) },
      { name: 'outline.png', data: await readFile(join(root, 'teams/outline.png')) },
    ]),
  );
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  packageTeamsApp().then(
    (out) => process.stdout.write(`Teams app package written to ${out}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
