import { describe, expect, it } from 'vitest';
import { licenseStatus, productStatus } from '../../src/domain/license-status.js';

const today = '2026-12-01';
const of = (...dates: string[]) => productStatus(dates.map((d) => licenseStatus(d, today)));

describe('productStatus', () => {
  it('shows an expired license even when the others expire later (the Licaso case)', () => {
    const status = of('2027-08-16', '2026-11-11', '2027-09-01');
    expect(status).toMatchObject({ state: 'expired', text: 'Expired 2026-11-11 (1 of 3)', licenses: 1 });
  });

  it('puts expiring before valid, with the soonest date, and counts them', () => {
    expect(of('2027-08-16', '2026-12-20', '2026-12-10')).toMatchObject({
      state: 'expiring',
      text: 'Expires 2026-12-10 (2 of 3)',
      licenses: 2,
    });
  });

  it('shows the latest of several expired dates, and no count for a single license', () => {
    expect(of('2026-10-01', '2026-11-20').text).toBe('Expired 2026-11-20 (2 of 2)');
    expect(of('2027-01-31').text).toBe('Expires 2027-01-31');
    expect(of('2027-08-16', '2028-01-01').text).toBe('Expires 2027-08-16 (2 of 2)');
  });
});
