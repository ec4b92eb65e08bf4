import type { EntityManager } from '@mikro-orm/postgresql';
import {
  activationCodePrefix,
  displayActivationCode,
  type LicenseType,
  MODES_BY_TYPE,
  modeAllowed,
  normalizeActivationCode,
} from '../domain/license.js';
import { hashActivationCode } from '../domain/secrets.js';
import type { EventOf, IncomingEvent, LicensedEvent } from './event.schema.js';
import type { FieldIssue } from './input-error.js';
import { sqlRows } from './sql.js';

/** Clocks drift; an event dated further ahead than this is a client bug, not drift. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface LicenseRef {
  id: number;
  productId: number;
  type: LicenseType;
  /** The AC as it may be shown: prefix and ellipsis. */
  shown: string;
}

export type ResolvedEvent =
  | (LicensedEvent & { license: LicenseRef })
  | EventOf<'session_heartbeat'>
  | EventOf<'session_end'>;

interface LicenseRow {
  id: number;
  product_id: number;
  type: LicenseType;
  ac_hash: string;
}

async function loadLicenses(
  em: EntityManager,
  accountId: number,
  events: IncomingEvent[],
  hashSecret: string,
): Promise<(code: string) => LicenseRow | undefined> {
  // Each distinct code is hashed once per request, and all are looked up in one query.
  const hashes = new Map<string, string>();
  for (const event of events) {
    if ('activationCode' in event) {
      const code = normalizeActivationCode(event.activationCode);
      if (!hashes.has(code)) hashes.set(code, hashActivationCode(code, hashSecret));
    }
  }
  if (hashes.size === 0) return () => undefined;
  const rows = await sqlRows<LicenseRow>(
    em,
    `select id, product_id, type, ac_hash from license
      where account_id = ? and ac_hash in (select json_array_elements_text(?::json))`,
    [accountId, JSON.stringify([...hashes.values()])],
  );
  const byHash = new Map(rows.map((row) => [row.ac_hash, row]));
  return (code) => byHash.get(hashes.get(normalizeActivationCode(code)) ?? '');
}

/**
 * The business rules of SPEC §4 that need the account's data: known product, known license
 * of that product (by activation-code hash, within this account only), no HWK, the mode
 * allowed for the license type, and no date more than five minutes ahead of `now`.
 */
export async function checkEventRules(
  em: EntityManager,
  accountId: number,
  events: IncomingEvent[],
  options: { hashSecret: string; now: Date },
): Promise<{ resolved: ResolvedEvent[]; issues: FieldIssue[] }> {
  const products = await sqlRows<{ id: number; name: string }>(
    em,
    'select id, name from product where account_id = ? order by position',
    [accountId],
  );
  const productByName = new Map(products.map((p) => [p.name.toLowerCase(), p]));
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const findLicense = await loadLicenses(em, accountId, events, options.hashSecret);
  const latest = options.now.getTime() + FUTURE_TOLERANCE_MS;
  const resolved: ResolvedEvent[] = [];
  const issues: FieldIssue[] = [];

  for (const event of events) {
    const problems: FieldIssue[] = [];
    const issue = (field: string, message: string) => problems.push({ index: event.index, field, message });
    if (event.atMs > latest) {
      const minutes = Math.ceil((event.atMs - options.now.getTime()) / 60_000);
      issue('at', `is ${minutes} minutes in the future (server time ${options.now.toISOString()}): check the clock`);
    }
    if (event.type === 'session_heartbeat' || event.type === 'session_end') {
      if (problems.length) issues.push(...problems);
      else resolved.push(event);
      continue;
    }
    const shown = displayActivationCode(activationCodePrefix(event.activationCode));
    const product = productByName.get(event.product.toLowerCase());
    const license = findLicense(event.activationCode);
    if (!product) {
      issue('product', `unknown product "${event.product}"; known products: ${products.map((p) => p.name).join(', ')}`);
    } else if (!license) {
      issue('activationCode', `unknown activation code ${shown}: register the license first (PUT /api/v1/licenses)`);
    } else if (license.product_id !== product.id) {
      issue('activationCode', `${shown} is a license of ${productName.get(license.product_id)}, not ${product.name}`);
    } else if (license.type === 'HWK') {
      issue('activationCode', `${shown} is a hardware-key (HWK) license: HWK licenses report no usage data`);
    } else if (event.type === 'access' && !modeAllowed(license.type, event.mode)) {
      issue(
        'mode',
        `"${event.mode}" does not apply to a ${license.type} license (allowed: ${MODES_BY_TYPE[license.type].join(', ')})`,
      );
    }
    if (problems.length || !license) {
      issues.push(...problems);
      continue;
    }
    resolved.push({
      ...event,
      license: { id: license.id, productId: license.product_id, type: license.type, shown },
    });
  }
  return { resolved, issues };
}
