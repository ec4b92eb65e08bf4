import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../db/audit.js';
import { Account } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
import { activationCodePrefix, displayActivationCode, type LicenseType, MODES_BY_TYPE } from '../domain/license.js';
import { hashActivationCode } from '../domain/secrets.js';
import { UserError } from '../errors.js';
import type { FieldIssue } from './input-error.js';
import { findProduct, type LicenseInput } from './license-upsert.js';

// A license's product and type say what its counters and sessions mean, so neither changes
// as a side effect of an upsert: `PUT /api/v1/licenses` refuses (409) and `licbot licenses
// move` does it on purpose, checked and audited.

interface StoredLicense {
  id: number;
  ac_hash: string;
  ac_prefix: string;
  type: LicenseType;
  product_id: number;
  product_name: string;
}

const moveCommand = (product: string, type?: LicenseType) =>
  `licbot licenses move --code <code> --product ${JSON.stringify(product)}${type ? ` --type ${type}` : ''} --by EMAIL`;

/**
 * The licenses of an upsert that already exist with another product or type, as the
 * problems to answer with 409 (`index` is the position in `inputs`). Products are matched as
 * the upsert matches them (findProduct), so what passes here is never moved by it.
 */
export async function licenseMoveConflicts(
  em: EntityManager,
  accountId: number,
  inputs: readonly LicenseInput[],
  hashSecret: string,
): Promise<FieldIssue[]> {
  const hashes = inputs.map((input) => hashActivationCode(input.activationCode, hashSecret));
  // Locked until the upsert commits, so a move made meanwhile is not undone by it.
  const rows = await query<StoredLicense>(
    em,
    sql`select l.id, l.ac_hash, l.ac_prefix, l.type, l.product_id, p.name as product_name
      from license l join product p on p.id = l.product_id
     where l.account_id = ${accountId}
       and l.ac_hash in (select json_array_elements_text(${JSON.stringify(hashes)}::json))
     order by l.id
       for update of l`,
  );
  const stored = new Map(rows.map((row) => [row.ac_hash, row]));
  const account = em.getReference(Account, accountId);
  const issues: FieldIssue[] = [];
  for (const [index, input] of inputs.entries()) {
    const license = stored.get(hashes[index]!);
    if (!license) continue;
    const product = await findProduct(em, account, input.product);
    const otherProduct = product?.id !== license.product_id;
    const otherType = input.type !== license.type;
    if (!otherProduct && !otherType) continue;
    const is = `${displayActivationCode(license.ac_prefix)} is a ${license.type} license of ${license.product_name}`;
    const onPurpose = moveCommand(input.product.trim(), otherType ? input.type : undefined);
    if (otherProduct) {
      issues.push({
        index,
        field: 'product',
        message:
          `${is}; an upsert does not move it to ${JSON.stringify(input.product.trim())} (its counters and sessions ` +
          `would go along): send "${license.product_name}", or move it on purpose with ${onPurpose}`,
      });
    }
    if (otherType) {
      issues.push({
        index,
        field: 'type',
        message:
          `${is}; an upsert does not make it ${input.type} (its counters would be read another way): ` +
          `send "${license.type}", or change it on purpose with ${onPurpose}`,
      });
    }
  }
  return issues;
}

export interface LicenseMoveRequest {
  /** The full activation code; only its prefix is ever shown or recorded. */
  code: string;
  productId: number;
  /** The new type; the license keeps its type when absent. */
  type?: LicenseType;
  /** Who moves it, for the audit log. */
  by: string;
}

export interface LicenseMove {
  licenseId: number;
  /** The code as it may be shown: `AB12C…`. */
  shown: string;
  from: { product: string; type: LicenseType };
  to: { product: string; type: LicenseType };
  /** Sessions that moved along (they repeat the product for the history queries). */
  sessions: number;
}

interface UsageRow {
  /** An access mode, or `sessions`. */
  what: string;
  n: number;
}

/**
 * Refuses a type change that would make stored usage mean something else: events (or
 * imported counters) of a mode the new type does not have, or any usage at all on HWK.
 */
async function checkTypeChange(em: EntityManager, licenseId: number, shown: string, type: LicenseType) {
  const usage = await query<UsageRow>(
    em,
    sql`select mode as what, count(*)::int as n from access_event where license_id = ${licenseId} group by mode
    union all
    select m.what, m.n from license l,
      lateral (values ('full', l.baseline_full), ('limited', l.baseline_limited), ('take', l.baseline_takes),
                      ('take_denied', l.baseline_take_denied), ('checkout', l.baseline_checkouts)) as m(what, n)
     where l.id = ${licenseId} and m.n > 0
    union all
    select 'sessions', count(*)::int from session where license_id = ${licenseId} having count(*) > 0`,
  );
  const allowed: readonly string[] = MODES_BY_TYPE[type];
  const misfits = usage.filter(
    (u) => u.n > 0 && (type === 'HWK' || (u.what !== 'sessions' && !allowed.includes(u.what))),
  );
  if (misfits.length === 0) return;
  const what = [...new Set(misfits.map((u) => u.what))];
  throw new UserError(
    `${shown} has stored usage a ${type} license cannot have (${what.join(', ')}); its type is left as it is.`,
    type === 'HWK'
      ? 'HWK licenses have no usage data: only a license without events or sessions can become HWK.'
      : `A ${type} license counts only ${allowed.join(', ')}: changing the type would change what its counters mean.`,
  );
}

/**
 * Moves a license to another product and/or type on purpose, in one transaction: the
 * license row (locked first), its sessions, and an audit entry `license.move` with the code
 * prefix only. Its access events and counters stay with the license.
 */
export async function moveLicense(
  em: EntityManager,
  accountId: number,
  request: LicenseMoveRequest,
  hashSecret: string,
): Promise<LicenseMove> {
  const shown = displayActivationCode(activationCodePrefix(request.code));
  return em.transactional(async (tx) => {
    const [license] = await query<StoredLicense>(
      tx,
      sql`select l.id, l.ac_hash, l.ac_prefix, l.type, l.product_id, p.name as product_name
        from license l join product p on p.id = l.product_id
       where l.account_id = ${accountId} and l.ac_hash = ${hashActivationCode(request.code, hashSecret)}
       for update of l`,
    );
    if (!license) {
      throw new UserError(
        `No license with the activation code ${shown} in this account.`,
        'Give the full code, as sent to PUT /api/v1/licenses.',
      );
    }
    const [product] = await query<{ id: number; name: string }>(
      tx,
      sql`select id, name from product where id = ${request.productId} and account_id = ${accountId}`,
    );
    if (!product) throw new UserError(`No product with id ${request.productId} in this account.`);
    const type = request.type ?? license.type;
    if (product.id === license.product_id && type === license.type) {
      throw new UserError(`${shown} is already a ${type} license of ${product.name}.`, 'Nothing was changed.');
    }
    if (type !== license.type) await checkTypeChange(tx, license.id, shown, type);
    await query(
      tx,
      sql`update license set product_id = ${product.id}, type = ${type}, updated_at = now() where id = ${license.id}`,
    );
    const moved = await query(
      tx,
      sql`update session set product_id = ${product.id}
        where account_id = ${accountId} and license_id = ${license.id} and product_id <> ${product.id} returning id`,
    );
    const result: LicenseMove = {
      licenseId: license.id,
      shown,
      from: { product: license.product_name, type: license.type },
      to: { product: product.name, type },
      sessions: moved.length,
    };
    await audit(tx, accountId, request.by, 'license.move', {
      licenseId: license.id,
      acPrefix: license.ac_prefix,
      from: result.from,
      to: result.to,
      sessions: result.sessions,
    });
    return result;
  });
}
