/** Clip-level figures: one answer per clip by majority vote over its frames' predictions. Pure. */
import { type Judged, isRight, share } from './metrics.js';

/** The most frequent value; ties go to the one seen first. */
export function majority(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0], n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/** Each clip's truth (its frames' majority label) and vote; frames without a clip are left out. */
export function clipVotes(rows: Judged[]): Array<{ clip: string; truth: string; predicted: string }> {
  const by = new Map<string, Judged[]>();
  for (const r of rows) if (r.clip !== null) (by.get(r.clip) ?? by.set(r.clip, []).get(r.clip)!).push(r);
  return [...by].map(([clip, rs]) => ({ clip, truth: majority(rs.map((r) => r.truth)), predicted: majority(rs.map((r) => r.predicted)) }));
}

/** Clips and the share whose vote is right (accuracy null when there are no clips). */
export function clipAccuracy(rows: Judged[]): { clips: number; clipAccuracy: number | null } {
  const votes = clipVotes(rows);
  return { clips: votes.length, clipAccuracy: votes.length ? share(votes.filter((v) => isRight(v.truth, v.predicted)).length, votes.length) : null };
}
