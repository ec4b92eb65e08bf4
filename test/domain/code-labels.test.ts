import { describe, expect, it } from 'vitest';
import { activationCodeHint, distinctCodeLabels } from '../../src/domain/code-labels.js';

describe('activationCodeHint', () => {
  it('keeps at most 10 characters and never more than half the code', () => {
    expect(activationCodeHint('ab12c-7777-8888-9999')).toBe('AB12C-7777');
    expect(activationCodeHint('AB12C-77')).toBeNull();
    expect(activationCodeHint('AB12C7Q9X2YZ')).toBe('AB12C7');
  });
});

describe('distinctCodeLabels', () => {
  it('labels only colliding prefixes, with as many characters as tell them apart', () => {
    const labels = distinctCodeLabels([
      { licenseId: 1, acPrefix: 'AB12C', acHint: 'AB12C-7777' },
      { licenseId: 2, acPrefix: 'AB12C', acHint: 'AB12C-7788' },
      { licenseId: 3, acPrefix: 'ZZ999', acHint: 'ZZ999-0000' },
    ]);
    expect(labels).toEqual(
      new Map([
        [1, 'AB12C-777…'],
        [2, 'AB12C-778…'],
      ]),
    );
  });

  it('numbers licenses that have no hint to tell them apart, oldest first', () => {
    const labels = distinctCodeLabels([
      { licenseId: 9, acPrefix: 'AB12C', acHint: null },
      { licenseId: 4, acPrefix: 'AB12C', acHint: null },
      { licenseId: 12, acPrefix: 'AB12C', acHint: 'AB12CQ' },
    ]);
    expect(labels).toEqual(
      new Map([
        [4, 'AB12C…#1'],
        [9, 'AB12C…#2'],
        [12, 'AB12CQ…'],
      ]),
    );
  });
});
