import { describe, expect, it } from 'vitest';
import { qualityText } from '../dashboard/src/lib/quality.js';

describe('quality meter words', () => {
  it('give the score alone when it is good', () => {
    expect(qualityText({ score: 87 })).toBe('Quality 87');
  });

  it('say why it is low, as a move or a knob', () => {
    expect(qualityText({ score: 41, reason: 'foreshortened' })).toBe('Quality 41 · foreshortened: slide toward the apex');
    expect(qualityText({ score: 90, reason: 'too-dark' })).toBe('Quality 90 · too dark: raise the gain');
    expect(qualityText({ score: 52, reason: 'too-deep' })).toBe('Quality 52 · too deep: reduce the depth');
  });
});
