import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Product } from '../db/entities/index.js';
import { DEFAULT_ACCOUNT_SLUG } from '../domain/config-admins.js';
import { CATALOGUE } from '../domain/license.js';
import { isValidTimeZone } from '../domain/time-zone.js';
import { UserError } from '../errors.js';

export { DEFAULT_ACCOUNT_SLUG } from '../domain/config-admins.js';

export interface NewAccount {
  name: string;
  slug: string;
  timeZone?: string;
}

/** Creates an account with the default product catalogue in its catalogue order. */
export async function createAccount(em: EntityManager, input: NewAccount): Promise<Account> {
  const slug = input.slug.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
    throw new UserError(
      `"${input.slug}" is not a valid account slug.`,
      'Use lowercase letters, digits and dashes, e.g. acme-lighting.',
    );
  }
  const timeZone = input.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) {
    throw new UserError(`"${timeZone}" is not a time zone.`, 'Use an IANA name such as UTC or Europe/Berlin.');
  }
  if (await em.findOne(Account, { slug })) {
    throw new UserError(
      `An account with slug "${slug}" already exists.`,
      'Pick another slug, or see `licbot account list`.',
    );
  }
  return em.transactional(async (tx) => {
    const account = tx.create(Account, { name: input.name.trim(), slug, timeZone });
    CATALOGUE.forEach((name, index) => {
      tx.create(Product, { account, name, position: index + 1 });
    });
    await tx.flush();
    return account;
  });
}

/** Finds an account by slug, with an error that lists the accounts that do exist. */
export async function requireAccount(em: EntityManager, slug: string): Promise<Account> {
  const account = await em.findOne(Account, { slug: slug.toLowerCase() });
  if (account) return account;
  const known = (await em.find(Account, {}, { orderBy: { slug: 'asc' } })).map((a) => a.slug);
  throw new UserError(
    `No account "${slug}".`,
    known.length ? `Known accounts: ${known.join(', ')}.` : 'Run `licbot migrate` to create the default account.',
  );
}

export async function listAccounts(em: EntityManager): Promise<Account[]> {
  return em.find(Account, {}, { orderBy: { id: 'asc' } });
}

/** A fresh single-account install gets the `default` account so it works with no setup. */
export async function ensureDefaultAccount(em: EntityManager, timeZone: string): Promise<Account | undefined> {
  if ((await em.count(Account, {})) > 0) return undefined;
  return createAccount(em, { name: 'Default', slug: DEFAULT_ACCOUNT_SLUG, timeZone });
}
