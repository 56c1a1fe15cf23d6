/** Classification metrics over labelled predictions. Pure. */

export interface ClassMetrics {
  precision: number;
  recall: number;
  support: number;
}

export interface Metrics {
  frames: number;
  frameAccuracy: number;
  perClass: Record<string, ClassMetrics>;
  confusion: { labels: string[]; matrix: number[][] };
}

/** The pairs views.md names as the hard ones. */
export const HARD_PAIRS: Array<[string, string]> = [
  ['a2c', 'a3c'], ['a4c', 'a5c'], ['sub-4c', 'sub-ivc'], ['pw', 'cw'], ['rv-inflow', 'psax-basal'],
];

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Confusion rows are true labels, columns predictions. */
export function frameMetrics(classes: string[], truth: string[], predicted: string[]): Metrics {
  const idx = new Map(classes.map((c, i) => [c, i]));
  const m = classes.map(() => classes.map(() => 0));
  let right = 0;
  truth.forEach((t, i) => {
    const a = idx.get(t), b = idx.get(predicted[i]);
    if (a === undefined || b === undefined) return;
    m[a][b]++;
    if (a === b) right++;
  });
  const perClass: Record<string, ClassMetrics> = {};
  classes.forEach((c, i) => {
    const support = m[i].reduce((x, y) => x + y, 0);
    const predictedN = m.reduce((x, row) => x + row[i], 0);
    perClass[c] = { precision: predictedN ? r4(m[i][i] / predictedN) : 0, recall: support ? r4(m[i][i] / support) : 0, support };
  });
  return { frames: truth.length, frameAccuracy: truth.length ? r4(right / truth.length) : 0, perClass, confusion: { labels: classes, matrix: m } };
}

/** For each hard pair, how often each side was taken for the other. */
export function hardPairs(conf: Metrics['confusion']): Array<{ pair: string; aAsB: number; bAsA: number; support: number }> {
  const at = (a: string, b: string) => conf.matrix[conf.labels.indexOf(a)]?.[conf.labels.indexOf(b)] ?? 0;
  const sup = (a: string) => conf.matrix[conf.labels.indexOf(a)]?.reduce((x, y) => x + y, 0) ?? 0;
  return HARD_PAIRS.map(([a, b]) => ({ pair: `${a}/${b}`, aAsB: at(a, b), bAsA: at(b, a), support: sup(a) + sup(b) }));
}
