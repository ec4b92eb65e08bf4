import { describe, expect, it } from 'vitest';
import { licenseStatus } from '../../src/domain/license-status.js';
import { groupedWarnings, licenseIssues } from '../../src/domain/license-warnings.js';

const today = '2026-12-01';
const issues = (expires: string, available: number | null, declined: number | null) =>
  licenseIssues({
    status: licenseStatus(expires, today),
    activationsAvailable: available,
    declined,
    declinedThreshold: 5,
  });

describe('groupedWarnings', () => {
  it('gives one line per license, the most serious first, each saying what to do', () => {
    const lines = groupedWarnings([
      { label: 'AGi32 SUL AAAAA…', issues: issues('2026-12-10', 1, null) },
      { label: 'Toolbox MUL BBBBB…', issues: issues('2027-06-30', 2, 9) },
      { label: 'ElumTools MUL CCCCC…', issues: issues('2027-06-30', 2, 0) },
      { label: 'Licaso SUL DDDDD…', issues: issues('2026-11-11', 0, 6) },
      { label: 'Licaso MUL EEEEE…', issues: issues('2027-06-30', 0, null) },
    ]);
    expect(lines).toEqual([
      'Licaso SUL DDDDD… expired on 2026-11-11: renew it with the vendor; has no activations available: delete unused activations or buy more licenses; was declined 6 times since the last reset: more licenses may be needed.',
      'Licaso MUL EEEEE… has no activations available: delete unused activations or buy more licenses.',
      'Toolbox MUL BBBBB… was declined 9 times since the last reset: more licenses may be needed.',
      'AGi32 SUL AAAAA… expires in 9 days (2026-12-10): renew it in time.',
    ]);
  });

  it('shows at most five lines, the last saying how many more and of which kinds', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      label: `AGi32 SUL T${i}…`,
      issues: i < 3 ? issues('2026-11-11', 1, null) : issues('2026-12-20', 1, null),
    }));
    const lines = groupedWarnings(many);
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 3).every((l) => l.includes('expired on'))).toBe(true);
    expect(lines[4]).toBe('…and 8 more licenses to look at (8 expiring soon): /licstats <product> lists each one.');
    expect(groupedWarnings(many.slice(0, 5))).toHaveLength(5);
  });
});
