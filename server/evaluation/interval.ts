/**
 * How far a frame share could move with other clips of the same kind: a percentile bootstrap that resamples whole
 * clips with replacement (frames of one clip are not independent; a frame without a clip is its own group). Pure.
 *
 * Why: the real sets are small (val's 188 view frames come from 67 clips or stills, some classes from one or two), and
 * models that differ by several points on one set were no better on the other (docs/model.md), so a figure is
 * reported with the range it could take.
 */
import type { Judged } from './metrics.js';

export interface IntervalOptions {
  /** Resamples (default 1000). */
  repeats?: number;
  /** Central share of the resampled figures the interval covers (default 0.95). */
  level?: number;
  /** Uniform source in [0, 1) (seeded by the caller, so a report is reproducible). */
  random: () => number;
}

/**
 * The interval [low, high] of the share of `rows` for which `right` holds, or null without rows. Rows are grouped
 * by clip; each resample draws as many groups as there are, with replacement, and takes the share over their frames.
 */
export function clipInterval(rows: Judged[], right: (r: Judged) => boolean, o: IntervalOptions): [number, number] | null {
  if (!rows.length) return null;
  const groups = new Map<string, [number, number]>();
  rows.forEach((r, i) => {
    const key = r.clip ?? `\u0000${i}`;
    const g = groups.get(key) ?? groups.set(key, [0, 0]).get(key)!;
    g[0]++;
    if (right(r)) g[1]++;
  });
  const counts = [...groups.values()];
  const repeats = o.repeats ?? 1000, level = o.level ?? 0.95;
  const shares = new Float64Array(repeats);
  for (let b = 0; b < repeats; b++) {
    let n = 0, hit = 0;
    for (let i = 0; i < counts.length; i++) {
      const [f, h] = counts[Math.floor(o.random() * counts.length)];
      n += f;
      hit += h;
    }
    shares[b] = hit / n;
  }
  shares.sort();
  const at = (q: number) => Math.round(shares[Math.min(repeats - 1, Math.max(0, Math.round(q * (repeats - 1))))] * 10000) / 10000;
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
