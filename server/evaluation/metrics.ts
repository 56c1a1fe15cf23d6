/**
 * Classification figures over judged frames, pure. A prediction is right when the truth label accepts it
 * (views.ts: `psax` accepts either short-axis level); `unfamiliar` (an out-of-distribution frame) is right on
 * `none` frames and negatives, wrong on view frames, and is also counted apart.
 */
import { NONE_CLASS, acceptedClasses } from '../views.js';

/** The prediction for a frame the model card's ood rule calls unfamiliar. */
export const UNFAMILIAR = 'unfamiliar';

/** One frame: its truth label, what the model said, its clip (null: not part of a clip) and source. */
export interface Judged {
  truth: string;
  predicted: string;
  /** The most probable class other than `none` (what the model would say if it had to name a view). */
  topView?: string;
  /** The network's own most probable class, before the card's unfamiliar rule (absent: unknown). */
  top?: string;
  clip: string | null;
  source: string | null;
}

export interface ClassFigures {
  /** Frames with this truth label, and the share of them judged right. */
  support: number;
  recall: number;
  /** Frames predicted as this class, and the share of them that were right (0 when none). */
  predicted: number;
  precision: number;
}

export interface Confusion {
  /** Truth labels (rows), predictions (columns: the model's classes, then unfamiliar), counts. */
  rows: string[];
  cols: string[];
  matrix: number[][];
}

/** The pairs views.md names as the hard ones. */
export const HARD_PAIRS: Array<[string, string]> = [
  ['a2c', 'a3c'], ['a4c', 'a5c'], ['sub-4c', 'sub-ivc'], ['pw', 'cw'], ['rv-inflow', 'psax-basal'],
];

/** Rounded to 4 decimals; 0 for an empty share. */
export const share = (n: number, of: number): number => (of ? Math.round((n / of) * 10000) / 10000 : 0);

export function isRight(truth: string, predicted: string): boolean {
  return predicted === UNFAMILIAR ? truth === NONE_CLASS : acceptedClasses(truth).includes(predicted);
}

/** Frames and the share right. */
export function accuracy(rows: Judged[]): { frames: number; accuracy: number } {
  return { frames: rows.length, accuracy: share(rows.filter((r) => isRight(r.truth, r.predicted)).length, rows.length) };
}

/**
 * On view frames, the share whose most probable class other than `none` is right: whether the features tell
 * the views apart at all, whatever `none` absorbs (null when the rows do not carry `topView`).
 */
export function noneMaskedAccuracy(rows: Judged[]): number | null {
  const views = rows.filter((r) => r.truth !== NONE_CLASS);
  if (!views.length || views.some((r) => r.topView === undefined)) return null;
  return share(views.filter(rightWhenMasked).length, views.length);
}

/** Whether a view frame's most probable class other than `none` is right (rows that carry `topView`). */
export const rightWhenMasked = (r: Judged): boolean => isRight(r.truth, r.topView!);

/** Recall per truth label and precision per predicted class, in one record by label. */
export function perClass(rows: Judged[]): Record<string, ClassFigures> {
  const out: Record<string, { support: number; hit: number; predicted: number; right: number }> = {};
  const at = (k: string) => (out[k] ??= { support: 0, hit: 0, predicted: 0, right: 0 });
  for (const r of rows) {
    const ok = isRight(r.truth, r.predicted);
    const t = at(r.truth), p = at(r.predicted);
    t.support++;
    p.predicted++;
    if (ok) t.hit++, p.right++;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { support: v.support, recall: share(v.hit, v.support), predicted: v.predicted, precision: share(v.right, v.predicted) }]));
}

/**
 * Unfamiliar predictions apart: on view frames (wrong) and on none frames (right); and the frame accuracy of the
 * network alone (its own call on the flagged frames; null when a flagged frame lacks `top`), so that a card's
 * rule is not taken for the network: the kit's energy threshold flags about 5% of familiar frames by
 * construction, and twice a comparison of models was misread through it (docs/model.md).
 */
export function unfamiliarFigures(rows: Judged[]): {
  viewFrames: number; onViews: number; shareOnViews: number; noneFrames: number; onNone: number; frameAccuracyWithoutRule: number | null;
} {
  const views = rows.filter((r) => r.truth !== NONE_CLASS), none = rows.filter((r) => r.truth === NONE_CLASS);
  const onViews = views.filter((r) => r.predicted === UNFAMILIAR).length;
  const own = rows.map((r) => (r.predicted === UNFAMILIAR ? r.top : r.predicted));
  const frameAccuracyWithoutRule = own.includes(undefined) ? null : accuracy(rows.map((r, i) => ({ ...r, predicted: own[i]! }))).accuracy;
  return {
    viewFrames: views.length, onViews, shareOnViews: share(onViews, views.length), noneFrames: none.length,
    onNone: none.filter((r) => r.predicted === UNFAMILIAR).length, frameAccuracyWithoutRule,
  };
}

/** Confusion counts: rows the truth labels met (in `classes` order, then others), columns classes + unfamiliar. */
export function confusion(rows: Judged[], classes: string[]): Confusion {
  const order = (l: string) => (classes.includes(l) ? classes.indexOf(l) : classes.length);
  const truths = [...new Set(rows.map((r) => r.truth))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const cols = [...classes, UNFAMILIAR];
  const matrix = truths.map(() => cols.map(() => 0));
  for (const r of rows) {
    const j = cols.indexOf(r.predicted);
    if (j >= 0) matrix[truths.indexOf(r.truth)][j]++;
  }
  return { rows: truths, cols, matrix };
}

/** For each hard pair, how often each side was taken for the other. */
export function hardPairs(conf: Confusion): Array<{ pair: string; aAsB: number; bAsA: number; support: number }> {
  const at = (a: string, b: string) => conf.matrix[conf.rows.indexOf(a)]?.[conf.cols.indexOf(b)] ?? 0;
  const sup = (a: string) => conf.matrix[conf.rows.indexOf(a)]?.reduce((x, y) => x + y, 0) ?? 0;
  return HARD_PAIRS.map(([a, b]) => ({ pair: `${a}/${b}`, aAsB: at(a, b), bAsA: at(b, a), support: sup(a) + sup(b) }));
}
