import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/core/single-flight.js';

describe('SingleFlight', () => {
  it('shares one read between concurrent callers of a key, and forgets it once settled', async () => {
    const flights = new SingleFlight<number>();
    let reads = 0;
    let release: (n: number) => void = () => {};
    const read = () => {
      reads += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const a = flights.run('k', read);
    const b = flights.run('k', read);
    const other = flights.run('other', async () => 7);
    release(42);
    expect(await Promise.all([a, b, other])).toEqual([42, 42, 7]);
    expect(reads).toBe(1);
    expect(flights.size).toBe(0);
    // A later caller reads again: nothing is cached.
    const c = flights.run('k', read);
    release(43);
    expect(await c).toBe(43);
    expect(reads).toBe(2);
  });

  it('lets every waiting caller see a failure, then tries again', async () => {
    const flights = new SingleFlight<number>();
    const failing = () => Promise.reject(new Error('db down'));
    await expect(Promise.all([flights.run('k', failing), flights.run('k', failing)])).rejects.toThrow('db down');
    expect(await flights.run('k', async () => 1)).toBe(1);
  });
});
