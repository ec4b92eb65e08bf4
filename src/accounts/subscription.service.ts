import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../db/account-lock.js';
import { audit as auditLog } from '../db/audit.js';
import { Account, Subscription } from '../db/entities/index.js';
import type { WeeklySchedule } from '../domain/weekly-schedule.js';
import { UserError } from '../errors.js';

/**
 * The write side of scheduled reports and alert settings. Every change is one transaction
 * with its audit row; changes of one account are serialized by locking the account row, so
 * two admins subscribing the same channel at once still create one subscription.
 */

export interface NewSubscription extends WeeklySchedule {
  platform: 'slack' | 'teams';
  target: string;
  targetName?: string;
  /** The subscriber's user id on `platform`. */
  createdBy: string;
}

export interface Actor {
  account: Account;
  /** `slack:U123`: who to name in the audit log. */
  actor: string;
}

function audit(em: EntityManager, by: Actor, action: string, details: Record<string, unknown>): Promise<void> {
  return auditLog(em, by.account.id, by.actor, action, details);
}

/** The same channel, day, time and zone, not unsubscribed. */
async function sameSchedule(em: EntityManager, by: Actor, input: NewSubscription): Promise<Subscription | null> {
  return em.findOne(Subscription, {
    account: by.account.id,
    platform: input.platform,
    target: input.target,
    weekday: input.weekday,
    timeOfDay: input.timeOfDay,
    timeZone: input.timeZone,
    deletedAt: null,
  });
}

/** Creates the subscription, or returns the existing one with the same schedule (`created: false`). */
export async function createSubscription(
  em: EntityManager,
  by: Actor,
  input: NewSubscription,
): Promise<{ subscription: Subscription; created: boolean }> {
  return em.transactional(async (tx) => {
    await lockAccount(tx, by.account.id);
    const existing = await sameSchedule(tx, by, input);
    if (existing) return { subscription: existing, created: false };
    const subscription = tx.create(Subscription, {
      account: by.account.id,
      platform: input.platform,
      target: input.target,
      targetName: input.targetName ?? null,
      weekday: input.weekday,
      timeOfDay: input.timeOfDay,
      timeZone: input.timeZone,
      createdBy: input.createdBy,
    });
    await tx.flush();
    await audit(tx, by, 'subscription.create', {
      subscriptionId: subscription.id,
      platform: input.platform,
      target: input.target,
      targetName: input.targetName ?? null,
      weekday: input.weekday,
      timeOfDay: input.timeOfDay,
      timeZone: input.timeZone,
    });
    await tx.flush();
    return { subscription, created: true };
  });
}

/** Another account's subscription, or an unsubscribed one, answers exactly like a missing id. */
export function noSuchSubscription(id: number): UserError {
  return new UserError(`No subscription ${id} in this account.`, 'See /licstats subscriptions.');
}

async function lockedSubscription(em: EntityManager, by: Actor, id: number): Promise<Subscription> {
  const subscription = await em.findOne(
    Subscription,
    { id, account: by.account.id, deletedAt: null },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!subscription) throw noSuchSubscription(id);
  return subscription;
}

/** Pauses or resumes; `changed: false` when it already was so (nothing audited then). */
export async function setSubscriptionPaused(
  em: EntityManager,
  by: Actor,
  id: number,
  paused: boolean,
): Promise<{ subscription: Subscription; changed: boolean }> {
  return em.transactional(async (tx) => {
    const subscription = await lockedSubscription(tx, by, id);
    if (subscription.paused === paused) return { subscription, changed: false };
    subscription.paused = paused;
    await audit(tx, by, paused ? 'subscription.pause' : 'subscription.resume', { subscriptionId: id });
    await tx.flush();
    return { subscription, changed: true };
  });
}

/** Unsubscribes: the row stays (soft delete) so its delivery history stays readable. */
export async function deleteSubscription(em: EntityManager, by: Actor, id: number, now: Date): Promise<Subscription> {
  return em.transactional(async (tx) => {
    const subscription = await lockedSubscription(tx, by, id);
    subscription.deletedAt = now;
    await audit(tx, by, 'subscription.delete', {
      subscriptionId: id,
      target: subscription.target,
      targetName: subscription.targetName ?? null,
    });
    await tx.flush();
    return subscription;
  });
}

export interface AlertSettings {
  enabled: boolean;
  threshold: number;
  windowDays: number;
}

export function alertSettingsOf(account: Account): AlertSettings {
  return { enabled: account.alertsEnabled, threshold: account.denialThreshold, windowDays: account.denialWindowDays };
}

/** Changes the denial alert settings; what is not given stays. Audited with before and after. */
export async function updateAlertSettings(
  em: EntityManager,
  by: Actor,
  change: Partial<AlertSettings>,
): Promise<{ before: AlertSettings; after: AlertSettings }> {
  return em.transactional(async (tx) => {
    const account = await tx.findOneOrFail(
      Account,
      { id: by.account.id },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    const before = alertSettingsOf(account);
    const after = { ...before, ...definedOnly(change) };
    if (
      before.enabled === after.enabled &&
      before.threshold === after.threshold &&
      before.windowDays === after.windowDays
    )
      return { before, after };
    account.alertsEnabled = after.enabled;
    account.denialThreshold = after.threshold;
    account.denialWindowDays = after.windowDays;
    await audit(tx, { ...by, account }, 'alerts.update', { before, after });
    await tx.flush();
    return { before, after };
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
