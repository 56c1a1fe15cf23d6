import { describe, expect, it } from 'vitest';
import { Linear } from './linear.js';

const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.37 + seed));

describe('the taught head\'s matrix products', () => {
  it('give A B^T as double-precision sums do (to f32 rounding), for widths that are not a multiple of 8', () => {
    for (const [n, k, d] of [[7, 5, 13], [1, 16, 766], [3, 2, 1]]) {
      const lin = new Linear();
      const A = values(n * d, 1), B = values(k * d, 2);
      const a = lin.matrix(n, d), b = lin.matrix(k, d), out = lin.matrix(n, k);
      lin.write(a, A);
      lin.write(b, Array.from(B)); // plain arrays too (a profile's JSON)
      lin.abt(a, b, out);
      const got = lin.view(out);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
        let want = 0;
        for (let j = 0; j < d; j++) want += A[i * d + j] * B[c * d + j];
        expect(Math.abs(got[i * out.stride + c] - want)).toBeLessThan(1e-5 * Math.sqrt(d));
      }
    }
  });

  it('sum over the first values only when asked, whatever the rows hold past them', () => {
    const lin = new Linear();
    const d = 20, gate = 11;
    const a = lin.matrix(1, d), b = lin.matrix(2, gate), out = lin.matrix(1, 2);
    lin.write(a, values(d, 3));
    lin.write(b, values(2 * gate, 4));
    lin.abt(a, b, out, gate);
    const A = values(d, 3), B = values(2 * gate, 4);
    for (let c = 0; c < 2; c++) {
      let want = 0;
      for (let j = 0; j < gate; j++) want += A[j] * B[c * gate + j];
      expect(lin.view(out)[c]).toBeCloseTo(want, 5);
    }
  });

  it('add G^T X to what the output holds (the fit\'s gradient)', () => {
    const lin = new Linear();
    const n = 9, k = 3, d = 10;
    const G = values(n * k, 5), X = values(n * d, 6);
    const g = lin.matrix(n, k), x = lin.matrix(n, d), out = lin.matrix(k, d);
    lin.write(g, G);
    lin.write(x, X);
    lin.view(out).fill(1);
    lin.gtx(g, x, out);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) {
      let want = 1;
      for (let i = 0; i < n; i++) want += G[i * k + c] * X[i * d + j];
      expect(lin.view(out)[c * out.stride + j]).toBeCloseTo(want, 5);
    }
  });

  it('keep earlier matrices when the memory grows, and refuse shapes that do not fit', () => {
    const lin = new Linear();
    const a = lin.matrix(2, 3);
    lin.write(a, [1, 2, 3, 4, 5, 6]);
    const big = lin.matrix(1600, 768); // 4.9 MB: the most a stream can teach
    expect(Array.from(lin.view(a)).filter((_, i) => i % a.stride < 3)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => lin.abt(a, big, lin.matrix(2, 2))).toThrow(/abt/);
    expect(() => lin.gtx(lin.matrix(3, 2), a, lin.matrix(2, 3))).toThrow(/gtx/);
  });
});
