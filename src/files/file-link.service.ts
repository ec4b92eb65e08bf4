import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';

/** A file offered through a link, as a message shows it. */
export interface FileLinkOffer {
  name: string;
  url: string;
  bytes: number;
  expiresAt: Date;
}

/** Charts are PNG files and are shown inline (an image in a Teams card); everything else is a CSV download. */
export const isPng = (name: string) => name.toLowerCase().endsWith('.png');

/** 32 random bytes: 256 bits, far past guessing; only its SHA-256 is stored. */
const TOKEN_BYTES = 32;

export const hashFileToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where an account's files live on disk; a link only ever opens a file under its own account's folder. */
export function accountFolder(config: Pick<Config, 'FILES_DIR'>, accountId: number): string {
  return resolve(config.FILES_DIR, String(accountId));
}

export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/**
 * Spools one file (a CSV or a chart's PNG) to disk (streamed: memory does not grow with the file) and makes a link
 * to it that works for FILE_LINK_TTL seconds. The link's token is random and only its hash
 * is kept, so neither the database nor the logs can open the file.
 */
export async function createFileLink(
  em: EntityManager,
  config: Pick<Config, 'FILES_DIR' | 'FILE_LINK_TTL' | 'PUBLIC_URL' | 'PORT'>,
  accountId: number,
  file: { name: string; open(): Readable },
  now: Date,
): Promise<FileLinkOffer> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const folder = accountFolder(config, accountId);
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${randomBytes(12).toString('hex')}${isPng(file.name) ? '.png' : '.csv'}`);
  try {
    await pipeline(file.open(), createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  const { size } = await stat(path);
  const expiresAt = new Date(now.getTime() + config.FILE_LINK_TTL * 1000);
  await em.execute(
    `insert into file_link (account_id, token_hash, file_name, path, bytes, expires_at) values (?, ?, ?, ?, ?, ?)`,
    [accountId, hashFileToken(token), file.name.slice(0, 255), path, size, expiresAt],
  );
  return { name: file.name, url: `${publicBaseUrl(config)}/files/${token}`, bytes: size, expiresAt };
}

export type FileLookup =
  | { status: 'ok'; name: string; path: string; bytes: number }
  | { status: 'expired' }
  | { status: 'missing' };

/** The file a token opens, if it is still valid and its file is inside its account's folder. */
export async function lookupFileLink(
  em: EntityManager,
  config: Pick<Config, 'FILES_DIR'>,
  token: string,
  now: Date,
): Promise<FileLookup> {
  if (!/^[\w-]{20,100}$/.test(token)) return { status: 'missing' };
  const [row] = await em.execute<
    { id: number; account_id: number; file_name: string; path: string; bytes: string; expires_at: Date }[]
  >('select id, account_id, file_name, path, bytes, expires_at from file_link where token_hash = ?', [
    hashFileToken(token),
  ]);
  if (!row) return { status: 'missing' };
  if (new Date(row.expires_at).getTime() <= now.getTime()) return { status: 'expired' };
  if (!resolve(row.path).startsWith(accountFolder(config, row.account_id) + sep)) return { status: 'missing' };
  await em.execute('update file_link set downloads = downloads + 1 where id = ?', [row.id]);
  return { status: 'ok', name: row.file_name, path: row.path, bytes: Number(row.bytes) };
}

/** Removes expired files from disk (their rows stay: the downloads count and the audit of who got what). */
export async function removeExpiredFiles(em: EntityManager, now: Date): Promise<number> {
  const rows = await em.execute<{ id: number; path: string }[]>(
    `select id, path from file_link where expires_at <= ? and path <> ''`,
    [now],
  );
  for (const row of rows) {
    await rm(row.path, { force: true });
    await em.execute(`update file_link set path = '' where id = ?`, [row.id]);
  }
  return rows.length;
}
