/**
 * A small, fast, seeded random source. Every record is generated from its own stream
 * (`streamFor(seed, table, index)`), so record N of a table is the same whatever was generated
 * before it, at any scale, in any order.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight; `weights` are cumulative (see `cumulative`). */
  weighted<T>(items: readonly T[], cumulativeWeights: readonly number[]): T {
    const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 1;
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulativeWeights[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  }

  /**
   * An index in [0, n) with a heavy head: index 0 is the most frequent, like customers by
   * revenue (a few big, many small). `skew` > 1 concentrates more on the head.
   */
  skewedIndex(n: number, skew = 2.5): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), skew)));
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/** FNV-1a of a string, for table names in seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The random stream of record `index` of `table` for a run seeded with `seed`. */
export function streamFor(seed: number, table: string, index: number): Random {
  let h = (hashString(table) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (index >>> 0), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h ^ Math.floor(index / 4294967296), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return new Random(h);
}

export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/**
 * A UUIDv7 whose timestamp is `ms` (the record's creation time) and whose random bits come
 * from `rng`: ids stay time-ordered like the application's `newId()`, and reproducible.
 */
export function uuidV7(ms: number, rng: Random): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = (8 + Math.floor(rng.next() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
