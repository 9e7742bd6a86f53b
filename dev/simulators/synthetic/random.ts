/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) and the sampling helpers the
 * generator needs. Each part of the scenario draws from its own named stream, so changing how
 * one part is generated does not reshuffle every other part for the same seed.
 */

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a over the stream name: a stable 32-bit label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    let s = (Math.floor(seed) ^ hashLabel(stream)) | 0;
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out;
    [s, out] = splitmix32(s);
    this.b = out;
    [s, out] = splitmix32(s);
    this.c = out;
    [s, out] = splitmix32(s);
    this.d = out;
    // xoshiro must not start from the all-zero state.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform unsigned 32-bit integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** In-place Fisher-Yates. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A stream derived from this one, for sub-tasks whose draw count varies. */
  fork(label: string): Rng {
    return new Rng(this.next(), label);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Weighted choice with a precomputed cumulative table: build once, draw many times. */
export class WeightedTable<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      total += weight;
      this.cumulative[i] = total;
    });
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] = (this.cumulative[i] ?? 0) / total;
  }

  draw(rng: Rng): T {
    return this.at(rng.float());
  }

  /** The value at a point x in [0, 1) of the cumulative distribution. */
  at(x: number): T {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 1) <= x) low = mid + 1;
      else high = mid;
    }
    return this.values[low] as T;
  }
}

/**
 * Distinct positions drawn from [0, n): a generation-stamped mark array makes each draw O(1)
 * without allocating a Set per group.
 */
export class DistinctSampler {
  private readonly marks: Int32Array;
  private stamp = 0;

  constructor(readonly n: number) {
    this.marks = new Int32Array(n);
  }

  /** Up to `k` distinct positions (all of them when k >= n), in draw order. */
  sample(rng: Rng, k: number, out: number[] = []): number[] {
    out.length = 0;
    if (k >= this.n) {
      for (let i = 0; i < this.n; i++) out.push(i);
      return out;
    }
    this.stamp++;
    // Dense requests: a partial shuffle is cheaper than rejection.
    if (k > this.n / 2) {
      const all = Array.from({ length: this.n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(this.n - i);
        const tmp = all[i] as number;
        all[i] = all[j] as number;
        all[j] = tmp;
        out.push(all[i] as number);
      }
      return out;
    }
    while (out.length < k) {
      const i = rng.int(this.n);
      if (this.marks[i] === this.stamp) continue;
      this.marks[i] = this.stamp;
      out.push(i);
    }
    return out;
  }
}
