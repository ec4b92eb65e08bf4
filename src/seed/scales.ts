import type { LicenseType } from '../domain/license.js';

export const SCALES = ['small', 'large'] as const;
export type Scale = (typeof SCALES)[number];

/** How crowded a MUL pool is: its seats follow from the users assigned to it. */
export type PoolProfile = 'busy' | 'normal' | 'roomy';

export interface LicenseTemplate {
  /** Index into CATALOGUE. */
  product: number;
  type: LicenseType;
  profile?: PoolProfile;
  /** Fixed seats for SUL and HWK. */
  seats?: number;
  expiry?: 'expired' | 'expiring';
}

export interface ScaleSpec {
  users: number;
  days: number;
  /** Mean program runs per user and product on a working day. */
  runsPerDay: number;
  domains: readonly string[];
  licenses: readonly LicenseTemplate[];
}

/** Per catalogue product: share of users who use it, its releases, when the newest came out. */
export const PRODUCT_PROFILES = [
  { adoption: 0.75, versions: ['2024.1', '2024.2', '2025.1'], newestAt: 0.3 },
  { adoption: 0.35, versions: ['2024.1', '2024.3', '2025.1'], newestAt: 0.45 },
  { adoption: 0.3, versions: ['2024.2', '2025.1'], newestAt: 0.2 },
  { adoption: 0.5, versions: ['2024.1', '2024.2', '2025.1', '2025.2'], newestAt: 0.6 },
  { adoption: 0.25, versions: ['2024.1', '2025.1'], newestAt: 0.5 },
] as const;

/** Seats of a MUL pool relative to its expected weekday peak of concurrent sessions. */
export const POOL_SEAT_FACTOR: Record<PoolProfile, number> = { busy: 0.9, normal: 1.2, roomy: 1.8 };

/** Concurrent sessions at the weekday peak per daily program run (measured on the simulator). */
export const PEAK_PER_RUN = 0.19;

const SMALL_LICENSES: LicenseTemplate[] = [
  { product: 0, type: 'MUL', profile: 'busy' },
  { product: 0, type: 'SUL', seats: 2 },
  { product: 0, type: 'HWK', seats: 1 },
  { product: 1, type: 'MUL', profile: 'normal' },
  { product: 2, type: 'MUL', profile: 'normal' },
  { product: 2, type: 'HWK', seats: 2 },
  { product: 3, type: 'MUL', profile: 'roomy', expiry: 'expiring' },
  { product: 3, type: 'SUL', seats: 1 },
  { product: 4, type: 'MUL', profile: 'busy' },
  { product: 4, type: 'SUL', seats: 1, expiry: 'expired' },
];

/** Eight licenses per product: five MUL pools of every profile, two SUL, one hardware key. */
function largeLicenses(): LicenseTemplate[] {
  const licenses: LicenseTemplate[] = [];
  for (let product = 0; product < 5; product++) {
    for (const profile of ['busy', 'normal', 'normal', 'normal', 'roomy'] as const) {
      const expiring = product === 3 && profile === 'roomy';
      licenses.push({ product, type: 'MUL', profile, ...(expiring ? { expiry: 'expiring' as const } : {}) });
    }
    licenses.push({ product, type: 'SUL', seats: 2, ...(product === 4 ? { expiry: 'expired' as const } : {}) });
    licenses.push({ product, type: 'SUL', seats: 5 });
    licenses.push({ product, type: 'HWK', seats: 3 });
  }
  return licenses;
}

export const SCALE_SPECS: Record<Scale, ScaleSpec> = {
  small: {
    users: 50,
    days: 90,
    runsPerDay: 1.6,
    domains: ['lumenworks.example', 'brightarch.example'],
    licenses: SMALL_LICENSES,
  },
  large: {
    users: 5000,
    days: 90,
    runsPerDay: 1.65,
    domains: ['lumenworks.example', 'brightarch.example', 'northlight.example'],
    licenses: largeLicenses(),
  },
};
