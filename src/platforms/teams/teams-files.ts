import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Attachment } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Reply } from '../../core/reply.js';
import { createFileLink, type FileLinkOffer, lookupFileLink } from '../../files/file-link.service.js';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** A chart shown in the card: its PNG is served through a file link like a CSV. */
export interface CardImage {
  url: string;
  alt: string;
}

/**
 * Teams bots cannot upload a file into a channel the way Slack bots do: a reply's files
 * become download links served by LicBot (GET /files/<token>), named in the card. In a
 * personal chat the file is offered through a FileConsentCard as well, so it can land in the
 * person's OneDrive. A chart's PNG goes through the same route but is shown in the card as
 * an Image with its alt text, not offered as a download.
 */
export async function offerFiles(
  em: EntityManager,
  config: Config,
  accountId: number,
  reply: Reply,
  now: Date,
): Promise<{ reply: Reply; links: FileLinkOffer[]; images: CardImage[] }> {
  const files = reply.files ?? [];
  if (files.length === 0) return { reply, links: [], images: [] };
  const alts = new Map((reply.charts ?? []).map((c) => [c.file, c.alt]));
  const links: FileLinkOffer[] = [];
  const images: CardImage[] = [];
  for (const file of files) {
    const link = await createFileLink(em, config, accountId, file, now);
    const alt = alts.get(file.name);
    if (alt === undefined) links.push(link);
    else images.push({ url: link.url, alt });
  }
  const until = new Date(now.getTime() + config.FILE_LINK_TTL * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const note = links.length
    ? `The download link works until ${until} UTC; anyone with it can open the file.`
    : `The charts show until ${until} UTC.`;
  return {
    reply: { ...reply, files: undefined, notes: [...(reply.notes ?? []), { level: 'info', text: note }] },
    links,
    images,
  };
}

/** The consent cards for a personal chat; the link travels in the context to find the file on accept. */
export function consentCards(links: FileLinkOffer[]): Attachment[] {
  return links.map((link) => ({
    contentType: FILE_CONSENT,
    name: link.name,
    content: {
      description: `${link.name} from LicBot`,
      sizeInBytes: link.bytes,
      acceptContext: { link: link.url },
      declineContext: { link: link.url },
    },
  }));
}

/**
 * The person accepted: stream the file to the upload URL Teams gave (OneDrive), then show it
 * as a file card. Returns the file card, or undefined when the link has expired.
 */
export async function uploadAccepted(
  em: EntityManager,
  config: Config,
  value: {
    context?: { link?: string };
    uploadInfo?: { uploadUrl?: string; name?: string; contentUrl?: string; uniqueId?: string; fileType?: string };
  },
  now: Date,
): Promise<Attachment | undefined> {
  const token = value.context?.link?.split('/files/')[1] ?? '';
  const found = await lookupFileLink(em, config, token, now);
  const info = value.uploadInfo;
  if (found.status !== 'ok' || !info?.uploadUrl) return undefined;
  const { size } = await stat(found.path);
  const res = await fetch(info.uploadUrl, {
    method: 'PUT',
    headers: { 'content-length': String(size), 'content-range': `bytes 0-${size - 1}/${size}` },
    body: createReadStream(found.path) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  if (!res.ok) throw new Error(`file upload to Teams answered ${res.status}`);
  return {
    contentType: FILE_INFO,
    contentUrl: info.contentUrl,
    name: info.name ?? found.name,
    content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'csv' },
  };
}
