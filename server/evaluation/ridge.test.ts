import { describe, expect, it } from 'vitest';
import { ridge, spearman } from './ridge.js';

describe('ridge regression and rank correlation', () => {
  it('recovers a linear rule with its bias when the penalty is small', () => {
    const x = Array.from({ length: 50 }, (_, i) => [i % 7, (i * 3) % 11]);
    const y = x.map(([a, b]) => 2 * a - 0.5 * b + 4);
    const w = ridge(x, y, 1e-9);
    expect([...w].map((v) => Math.round(v * 1000) / 1000)).toEqual([2, -0.5, 4]);
  });

  it('shrinks weights toward zero as the penalty grows, not the bias', () => {
    const x = Array.from({ length: 20 }, (_, i) => [i]);
    const y = x.map(([a]) => a + 10);
    const w = ridge(x, y, 1e9);
    expect(Math.abs(w[0])).toBeLessThan(1e-3);
    expect(w[1]).toBeCloseTo(19.5, 1); // the mean of y
  });

  it('gives Spearman 1 for a monotone relation, -1 for a reversed one, with ties ranked fairly', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1);
  });
});
