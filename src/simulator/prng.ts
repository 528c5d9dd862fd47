/**
 * A small seeded PRNG (mulberry32) so fault decisions are reproducible: the same seed and the same request
 * sequence give the same faults.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** True with probability `rate` (0 never consumes a draw, so enabling one fault does not shift the others). */
  chance(rate: number): boolean;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (rate) => rate > 0 && (rate >= 1 || next() < rate),
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
  };
}
