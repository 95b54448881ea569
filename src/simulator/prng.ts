/**
 * A stateless, hash-based pseudo-random source. Every simulated value is a pure function of its
 * coordinates (seed, skill, time, purpose), so any bucket can be computed on demand, in any order,
 * and comes out the same on every run: no Math.random, no stored state.
 */

const TWO_32 = 4294967296;

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a list of numbers (integers, possibly beyond 32 bits such as epoch milliseconds) to an
 * unsigned 32-bit integer.
 */
export function hash32(...values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    // Both halves are mixed in so that timestamps which differ only above bit 32 still differ.
    const lo = value >>> 0;
    const hi = Math.floor(value / TWO_32) >>> 0;
    h = fmix32(Math.imul(h ^ lo, 0x01000193) + 0x7f4a7c15);
    h = fmix32(Math.imul(h ^ hi, 0x01000193) + 0x6a09e667);
  }
  return h;
}

/** A uniform number in [0, 1) determined by the given coordinates. */
export function uniform(...values: readonly number[]): number {
  return hash32(...values) / TWO_32;
}

/** What a random draw is for: keeps draws for different quantities independent. */
export const Salt = {
  skillIdStart: 1,
  skillIdStep: 2,
  profileSize: 10,
  profileSizeWithin: 11,
  profilePeak: 12,
  profileWait: 13,
  profileDuration: 14,
  profileMessages: 15,
  profileWorkTime: 16,
  profileDormant: 17,
  profileActiveHours: 18,
  arrivals: 20,
  arrivalsJitter: 21,
  queueWait: 22,
  closed: 23,
  duration: 24,
  handled: 30,
  messages: 31,
  workTime: 32,
  load: 33,
  skillTopic: 40,
  skillVariant: 41,
  skillDate: 42,
  faultKind: 50,
  pascalCase: 51,
} as const;
