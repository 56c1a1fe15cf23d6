import { describe, expect, it } from 'vitest';
import { Canvas } from './canvas.js';
import { drawDepthScale, samplePreset, textScale } from './screen.js';
import { CELL_W } from './font.js';
import { Rng } from './rng.js';

describe('depth scale', () => {
  it('marks depths with square dots and a gap before each number (half a character), so "5" never reads as "-5"', () => {
    const cv = new Canvas(400, 600);
    const px = textScale(cv.height), pxPerCm = 30, x = 100, top = 50;
    drawDepthScale(cv, samplePreset(new Rng(1)), x, top, pxPerCm, 15, 20);
    const lit = (xx: number, yy: number) => cv.rgb[(yy * cv.width + xx) * 3] > 0;
    for (const cm of [5, 10, 15]) {
      const y = top + cm * pxPerCm;
      let w = 0;
      while (lit(x + w, y)) w++;
      let h = 0;
      for (let yy = y - 10; yy <= y + 10; yy++) if (lit(x, yy)) h++;
      expect(w, `mark at ${cm} cm`).toBe(h);
      // Dark pixels between the mark and the number: at least half a character.
      let gap = 0;
      while (!lit(x + w + gap, y) && gap < 50) gap++;
      expect(gap).toBeGreaterThanOrEqual((CELL_W * px) / 2);
      expect(gap).toBeLessThan(50);
    }
  });
});
