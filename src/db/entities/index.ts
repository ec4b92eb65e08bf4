import { AccessEvent } from './access-event.entity.js';
import { AccessEventDaily } from './access-event-daily.entity.js';
import { Account } from './account.entity.js';
import { Activation } from './activation.entity.js';
import { AlertLog } from './alert-log.entity.js';
import { AlertState } from './alert-state.entity.js';
import { ApiKey } from './api-key.entity.js';
import { AuditLog } from './audit-log.entity.js';
import { ConversationReference } from './conversation-reference.entity.js';
import { Delivery } from './delivery.entity.js';
import { EventReceipt } from './event-receipt.entity.js';
import { FileLink } from './file-link.entity.js';
import { License } from './license.entity.js';
import { PendingAction } from './pending-action.entity.js';
import { Product } from './product.entity.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Session } from './session.entity.js';
import { StatsReset, StatsResetLicense } from './stats-reset.entity.js';
import { Subscription } from './subscription.entity.js';
import { WeeklyReportSnapshot } from './weekly-report-snapshot.entity.js';
import { WorkspaceLink } from './workspace-link.entity.js';

export {
  AccessEvent,
  AccessEventDaily,
  Account,
  Activation,
  AlertLog,
  AlertState,
  ApiKey,
  AuditLog,
  ConversationReference,
  Delivery,
  EventReceipt,
  FileLink,
  License,
  PendingAction,
  Product,
  RoleAssignment,
  Session,
  StatsReset,
  StatsResetLicense,
  Subscription,
  WeeklyReportSnapshot,
  WorkspaceLink,
};

/** Every entity, for the ORM configuration. */
export const entities = [
  Account,
  Product,
  License,
  Activation,
  AccessEvent,
  AccessEventDaily,
  EventReceipt,
  Session,
  StatsReset,
  StatsResetLicense,
  RoleAssignment,
  WorkspaceLink,
  ConversationReference,
  Subscription,
  Delivery,
  WeeklyReportSnapshot,
  AlertState,
  AlertLog,
  ApiKey,
  AuditLog,
  PendingAction,
  FileLink,
];
