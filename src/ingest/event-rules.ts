import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
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

interface CatalogueRow {
  product_id: number;
  name: string;
  id: number | null;
  type: LicenseType | null;
  ac_hash: string | null;
}

/**
 * The account's products and the licenses the request names, in one round trip. Each
 * distinct code is hashed once per request.
 */
async function loadCatalogue(em: EntityManager, accountId: number, events: IncomingEvent[], hashSecret: string) {
  const hashes = new Map<string, string>();
  for (const event of events) {
    if ('activationCode' in event) {
      const code = normalizeActivationCode(event.activationCode);
      if (!hashes.has(code)) hashes.set(code, hashActivationCode(code, hashSecret));
    }
  }
  const rows = await query<CatalogueRow>(
    em,
    sql`select p.id as product_id, p.name, l.id, l.type, l.ac_hash
       from product p
       left join license l on l.product_id = p.id and l.account_id = p.account_id
                          and l.ac_hash in (select json_array_elements_text(${JSON.stringify([...hashes.values()])}::json))
      where p.account_id = ${accountId}
      order by p.position`,
  );
  const products = new Map<number, { id: number; name: string }>();
  const licenses = new Map<string, { id: number; product_id: number; type: LicenseType }>();
  for (const row of rows) {
    products.set(row.product_id, { id: row.product_id, name: row.name });
    if (row.id !== null && row.ac_hash && row.type) licenses.set(row.ac_hash, { ...row, id: row.id, type: row.type });
  }
  return {
    products: [...products.values()],
    findLicense: (code: string) => licenses.get(hashes.get(normalizeActivationCode(code)) ?? ''),
  };
}

/**
 * The business rules of the event API (README "Event API") that need the account's data: known product, known license
 * of that product (by activation-code hash, within this account only), no HWK, the mode
 * allowed for the license type, and no date more than five minutes ahead of `now`.
 */
export async function checkEventRules(
  em: EntityManager,
  accountId: number,
  events: IncomingEvent[],
  options: { hashSecret: string; now: Date },
): Promise<{ resolved: ResolvedEvent[]; issues: FieldIssue[] }> {
  const { products, findLicense } = await loadCatalogue(em, accountId, events, options.hashSecret);
  const productByName = new Map(products.map((p) => [p.name.toLowerCase(), p]));
  const productName = new Map(products.map((p) => [p.id, p.name]));
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
    // Completed in place: copying 1,000 events would cost more than checking them.
    const withLicense = event as LicensedEvent & { license: LicenseRef };
    withLicense.license = { id: license.id, productId: license.product_id, type: license.type, shown };
    resolved.push(withLicense);
  }
  return { resolved, issues };
}
