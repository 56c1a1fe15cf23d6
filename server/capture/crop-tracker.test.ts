import { describe, expect, it } from 'vitest';
import { CropTracker } from './crop-tracker.js';
import { CropPlan, cropScale } from './crop-scale.js';
import { detectSector } from './sector.js';
import { rgbToGrey, type GreyImage } from '../frames.js';
import { Phantom } from '../phantom/phantom.js';

/** Each output pixel as the mean of the source pixels its cell covers, computed pixel by pixel. */
function areaMean(img: GreyImage, box: { x: number; y: number; w: number; h: number }, outW: number, outH: number): number[] {
  const bx = Math.max(0, Math.min(img.width - 1, box.x)), by = Math.max(0, Math.min(img.height - 1, box.y));
  const bw = Math.max(1, Math.min(img.width - bx, box.w)), bh = Math.max(1, Math.min(img.height - by, box.h));
  const out: number[] = [];
  for (let oy = 0; oy < outH; oy++)
    for (let ox = 0; ox < outW; ox++) {
      const x0 = bx + Math.floor((ox * bw) / outW), x1 = Math.max(x0 + 1, bx + Math.floor(((ox + 1) * bw) / outW));
      const y0 = by + Math.floor((oy * bh) / outH), y1 = Math.max(y0 + 1, by + Math.floor(((oy + 1) * bh) / outH));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += img.data[y * img.width + x];
      out.push(Math.round(sum / ((y1 - y0) * (x1 - x0))));
    }
  return out;
}

describe('crop plan', () => {
  it('gives every output pixel the mean of its cell, for boxes shrunk, stretched and past the frame edge', () => {
    let s = 5;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const img = { data: Uint8Array.from({ length: 320 * 240 }, () => rand() * 256), width: 320, height: 240 };
    for (const box of [{ x: 50, y: 30, w: 204, h: 164 }, { x: 0, y: 0, w: 320, h: 240 }, { x: 300, y: 200, w: 50, h: 90 }, { x: 10, y: 7, w: 37, h: 23 }, { x: 100, y: 100, w: 81, h: 61 }]) {
      expect(Array.from(new CropPlan(320, 240, box, 80, 60).apply(img.data)), JSON.stringify(box)).toEqual(areaMean(img, box, 80, 60));
    }
  });

  it('averages cells taller than its SIMD kernel sums (over 257 rows) just the same', () => {
    let s = 9;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const img = { data: Uint8Array.from({ length: 64 * 900 }, () => rand() * 256), width: 64, height: 900 };
    const box = { x: 3, y: 10, w: 60, h: 880 };
    expect(Array.from(new CropPlan(64, 900, box, 8, 3).apply(img.data))).toEqual(areaMean(img, box, 8, 3));
  });

  it('is reused only for the same frame size, box and output size', () => {
    const box = { x: 50, y: 30, w: 204, h: 164 };
    const plan = new CropPlan(320, 240, box, 80, 60);
    expect(plan.fits(320, 240, { ...box }, 80, 60)).toBe(true);
    expect(plan.fits(320, 240, { ...box, w: 206 }, 80, 60)).toBe(false);
    expect(plan.fits(640, 480, box, 80, 60)).toBe(false);
    expect(plan.fits(320, 240, box, 64, 64)).toBe(false);
  });
});

describe('crop tracker', () => {
  const ph = new Phantom(2, 320, 240);
  const frame = (state: ReturnType<Phantom['canonical']>, t: number) => rgbToGrey(ph.frame(state, t).rgb, 320, 240);

  it('crops a live source to its new layout on the frame the sonographer switches mode', () => {
    const tracker = new CropTracker(undefined, 1000);
    const a4c = ph.canonical('a4c');
    for (let i = 0; i < 5; i++) tracker.crop(frame(a4c, i / 30), 80, 60);
    const fan = tracker.current;
    const pw = frame({ ...a4c, mode: 'pw' }, 0.2);
    const crop = tracker.crop(pw, 80, 60);
    expect(tracker.current).toEqual(detectSector(pw));
    expect(tracker.current).not.toEqual(fan);
    expect(Array.from(crop)).toEqual(Array.from(cropScale(pw, detectSector(pw), 80, 60)));
    // Back to 2D: the box the fan had, on the first frame.
    tracker.crop(frame(a4c, 0.3), 80, 60);
    expect(tracker.current).toEqual(fan);
  });

  it('keeps a fixed crop whatever the screen shows, writing into the buffer it is given', () => {
    const box = { x: 10, y: 20, w: 160, h: 120 };
    const tracker = new CropTracker(box);
    const out = new Uint8Array(80 * 60);
    const img = frame(ph.canonical('plax'), 0);
    expect(tracker.crop(img, 80, 60, out)).toBe(out);
    expect(tracker.current).toEqual(box);
    expect(Array.from(out)).toEqual(Array.from(cropScale(img, box, 80, 60)));
  });
});
