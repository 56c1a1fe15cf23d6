/**
 * Ridge regression (least squares with an L2 penalty) by the normal equations, and Spearman's rank
 * correlation: for heads fitted on a frozen model's outputs. Pure.
 */

/** Weights w (last one the bias) minimising |Xw - y|^2 + lambda |w|^2 (the bias is not penalised). */
export function ridge(x: ArrayLike<number>[], y: number[], lambda: number): Float64Array {
  const d = x[0].length + 1;
  const a = Array.from({ length: d }, () => new Float64Array(d));
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  x.forEach((xi, n) => {
    for (let i = 0; i < d - 1; i++) row[i] = xi[i];
    row[d - 1] = 1;
    for (let i = 0; i < d; i++) {
      b[i] += row[i] * y[n];
      for (let j = 0; j < d; j++) a[i][j] += row[i] * row[j];
    }
  });
  for (let i = 0; i < d - 1; i++) a[i][i] += lambda;
  return solve(a, b);
}

/** Solve a w = b by Gaussian elimination with partial pivoting (a and b are overwritten). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const d = b.length;
  for (let i = 0; i < d; i++) {
    let p = i;
    for (let k = i + 1; k < d; k++) if (Math.abs(a[k][i]) > Math.abs(a[p][i])) p = k;
    [a[i], a[p]] = [a[p], a[i]];
    [b[i], b[p]] = [b[p], b[i]];
    for (let k = i + 1; k < d; k++) {
      const f = a[k][i] / a[i][i];
      for (let j = i; j < d; j++) a[k][j] -= f * a[i][j];
      b[k] -= f * b[i];
    }
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < d; j++) s -= a[i][j] * w[j];
    w[i] = s / a[i][i];
  }
  return w;
}

/** Ranks (0-based, ties get their mean rank). */
function ranks(v: number[]): number[] {
  const order = v.map((x, i) => [x, i]).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation of two equally long series. */
export function spearman(a: number[], b: number[]): number {
  const ra = ranks(a), rb = ranks(b);
  const m = (a.length - 1) / 2;
  let s = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) {
    s += (ra[i] - m) * (rb[i] - m);
    sa += (ra[i] - m) ** 2;
    sb += (rb[i] - m) ** 2;
  }
  return s / Math.sqrt(sa * sb);
}
