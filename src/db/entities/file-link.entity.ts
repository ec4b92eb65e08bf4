import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * A CSV download link (Teams bots cannot upload into a channel). Only the SHA-256 of the
 * link's random token is stored, so a database dump opens no file; the file itself is on
 * disk at `path` and is streamed, never loaded.
 */
export const FileLink = defineEntity({
  name: 'FileLink',
  tableName: 'file_link',
  indexes: [{ name: 'file_link_expires_at_idx', properties: ['expiresAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    tokenHash: p.string().length(64).unique('file_link_token_hash_unique'),
    fileName: p.string().length(255),
    path: p.string().length(1000),
    bytes: p.bigint('number'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    expiresAt: p.datetime(),
    downloads: p.integer().default(0),
  },
});
export type FileLink = InferEntity<typeof FileLink>;
