import { describe, expect, it } from 'vitest';
import { marginCrop, marginLayout, sectorCrop } from './margin.js';
import { cropScale } from '../capture/crop-scale.js';

/** A 200 x 150 screen, grey 0 outside a 100 x 80 image of horizontal ramps at (50, 40). */
function screen(): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(200 * 150);
  for (let y = 40; y < 120; y++) for (let x = 50; x < 150; x++) data[y * 200 + x] = 20 + (x - 50) * 2;
  return { data, width: 200, height: 150 };
}
const box = { x: 50, y: 40, w: 100, h: 80 };

describe('dataset margin', () => {
  it('lays the sector out at the asked size with the margin on every side', () => {
    expect(marginLayout(80, 60, 0.125)).toEqual({ width: 100, height: 76, sector: { x: 10, y: 8, width: 80, height: 60 }, margin: 0.125 });
    expect(marginLayout(80, 60, 0)).toMatchObject({ width: 80, height: 60, sector: { x: 0, y: 0 } });
  });

  it('gives back, from the sector of a stored frame, the crop the live path feeds the model', () => {
    const layout = marginLayout(50, 40, 0.2);
    const stored = marginCrop(screen(), box, layout);
    const live = cropScale(screen(), box, 50, 40);
    const back = sectorCrop(stored, layout, 50, 40);
    const worst = back.reduce((m, v, i) => Math.max(m, Math.abs(v - live[i])), 0);
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('fills the margin beyond the screen edge with black', () => {
    const layout = marginLayout(40, 30, 0.25);
    const stored = marginCrop(screen(), { x: 0, y: 0, w: 200, h: 150 }, layout);
    expect(stored[0]).toBe(0);
    expect(stored[layout.width * layout.height - 1]).toBe(0);
    expect(stored).toHaveLength(layout.width * layout.height);
  });
});
