import { describe, expect, it } from 'vitest';
import { top3 } from './stream.js';

describe('top three of a state', () => {
  it('gives the three most probable classes, largest first, ties in class order', () => {
    expect(top3([0.1, 0.5, 0.05, 0.3, 0.05])).toEqual([1, 3, 0]);
    expect(top3([0.2, 0.2, 0.2, 0.4])).toEqual([3, 0, 1]);
    expect(top3(new Float32Array([0.9, 0.1]))).toEqual([0, 1]);
  });
});
