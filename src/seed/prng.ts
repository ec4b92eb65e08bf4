/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32). Seed data must be
 * byte-identical for the same seed on every machine, so nothing here may touch Math.random,
 * the clock or the locale.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    let state = (seed ^ hashText(stream)) >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // The first outputs of a fresh sfc32 are weakly mixed; discard them.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box–Muller); one of the pair is dropped to keep the stream simple. */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson count (Knuth); the means used here are small. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /**
   * A UUIDv7 (RFC 9562) for an instant: time-ordered, as modern clients make them, which also
   * keeps the unique index on event ids append-mostly during a bulk load.
   */
  uuid7(ms: number): string {
    // Hex by byte table: Number#toString(16) on values above 2^31 is slow, and this runs millions of times.
    const high = Math.floor(ms / 0x1000000);
    const low = ms - high * 0x1000000;
    const r1 = this.uint32();
    const r2 = this.uint32();
    const r3 = this.uint32();
    return (
      HEX[(high >>> 16) & 0xff]! +
      HEX[(high >>> 8) & 0xff]! +
      HEX[high & 0xff]! +
      HEX[low >>> 16]! +
      '-' +
      HEX[(low >>> 8) & 0xff]! +
      HEX[low & 0xff]! +
      '-' +
      HEX[0x70 | (r1 & 0x0f)]! +
      HEX[(r1 >>> 4) & 0xff]! +
      '-' +
      HEX[0x80 | ((r1 >>> 12) & 0x3f)]! +
      HEX[(r1 >>> 18) & 0xff]! +
      '-' +
      HEX[r2 >>> 24]! +
      HEX[(r2 >>> 16) & 0xff]! +
      HEX[(r2 >>> 8) & 0xff]! +
      HEX[r2 & 0xff]! +
      HEX[r3 >>> 24]! +
      HEX[(r3 >>> 16) & 0xff]!
    );
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** FNV-1a, to derive independent streams from one seed by name. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
