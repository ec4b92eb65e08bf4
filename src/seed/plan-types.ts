import type { LicenseType } from '../domain/license.js';
import type { Person } from './people.js';
import type { LocalDay } from './seed-time.js';

/** What planWorld decides before any usage is simulated. Times are epoch ms (UTC). */
export interface PlannedLicense {
  /** Index into CATALOGUE. */
  product: number;
  type: LicenseType;
  seats: number;
  activationsAllowed: number;
  /** `YYYY-MM-DD`; the license is valid through that local day. */
  expiresAt: string;
  /** Secret: only its hash and prefix reach the database; never print it. */
  activationCode: string;
  /** Index of the last local day with full use (expired licenses only). */
  lastValidDay: number | null;
}

export interface PlannedActivation {
  license: number;
  email: string;
  machine: string;
  activatedAt: number;
  deactivatedAt: number | null;
  /** The program runs from this activation on local days fromDay ≤ day < untilDay. */
  fromDay: number;
  untilDay: number;
  runsPerDay: number;
  versionFrom: string;
  versionTo: string;
  upgradeDay: number;
}

export interface World {
  timeZone: string;
  startMs: number;
  endMs: number;
  days: LocalDay[];
  people: Person[];
  licenses: PlannedLicense[];
  activations: PlannedActivation[];
}
