/** xorshift32 in [0, 1): a small seeded source for the offline statistics (teaching trials, bootstrap intervals). Pure. */
export function seededRandom(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
