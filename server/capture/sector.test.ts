import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { detectSector, parseCrop } from './sector.js';
import { cropScale, letterbox } from './crop-scale.js';
import { rgbToGrey, type GreyImage } from '../frames.js';
import { Phantom } from '../phantom/phantom.js';
import { VIEW_IDS } from '../views.js';

const REAL = new URL('../../../shared/real/', import.meta.url).pathname;

function readImage(path: string): GreyImage {
  const buf = readFileSync(path);
  const img = path.endsWith('.png') ? PNG.sync.read(buf) : jpeg.decode(buf, { useTArray: true });
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) rgb.set(img.data.subarray(i * 4, i * 4 + 3), i * 3);
  return rgbToGrey(rgb, img.width, img.height);
}

describe('sector detection', () => {
  it('finds the image on every phantom screen and leaves out text and ECG', () => {
    for (const seed of [1, 2, 3]) {
      const ph = new Phantom(seed, 640, 480);
      const p = ph.preset;
      for (const v of VIEW_IDS) {
        const g = rgbToGrey(ph.frame(ph.canonical(v), 0.4).rgb, 640, 480);
        const b = detectSector(g);
        const apexX = 640 * p.imageCx, apexY = 480 * p.imageTop;
        expect(b.x, `${v} seed ${seed}`).toBeLessThanOrEqual(apexX);
        expect(b.x + b.w).toBeGreaterThanOrEqual(apexX);
        expect(b.y).toBeLessThanOrEqual(apexY + 25);
        expect(b.y + b.h, 'ECG excluded').toBeLessThan(480 * 0.85);
        expect(b.x, 'vendor text excluded').toBeGreaterThan(640 * 0.015 + 30);
        expect(b.w * b.h).toBeGreaterThan(640 * 480 * 0.12);
      }
    }
  });

  it('falls back to the whole frame on a blank screen', () => {
    expect(detectSector({ data: new Uint8Array(320 * 240), width: 320, height: 240 })).toEqual({ x: 0, y: 0, w: 320, h: 240 });
  });

  it.skipIf(!existsSync(REAL))('finds the fan on the real whole-screen stills, below header bars', () => {
    for (const f of ['hkx97-a2c.png', 'hkx97-a4c.png', 'raventan-screen-plax.jpg', 'raventan-screen-psax.jpg']) {
      const g = readImage(REAL + f);
      const b = detectSector(g);
      expect(b.w, f).toBeLessThan(g.width * 0.9);
      expect(b.w).toBeGreaterThan(g.width * 0.3);
      expect(b.h).toBeGreaterThan(g.height * 0.5);
      if (f.startsWith('hkx97')) expect(b.y, `${f}: the Philips header bar is 60 px`).toBeGreaterThanOrEqual(60);
    }
  });

  it.skipIf(!existsSync(REAL))('keeps most of an already cropped real sector', () => {
    for (const f of ['raventan-a4c.png', 'raventan-plax.png', 'raventan-psax-av.png']) {
      const g = readImage(REAL + f);
      const b = detectSector(g);
      expect(b.w * b.h, f).toBeGreaterThan(0.6 * g.width * g.height);
    }
  });
});

describe('crop and scale', () => {
  it('averages areas and keeps the box', () => {
    const img = { data: Uint8Array.from({ length: 8 * 4 }, (_, i) => (i % 8 < 4 ? 0 : 200)), width: 8, height: 4 };
    expect(Array.from(cropScale(img, { x: 0, y: 0, w: 8, h: 4 }, 2, 1))).toEqual([0, 200]);
    expect(Array.from(cropScale(img, { x: 2, y: 0, w: 4, h: 4 }, 2, 2))).toEqual([0, 200, 0, 200]);
  });

  it('letterboxes to the analysis size with the aspect kept', () => {
    const img = { data: new Uint8Array(200 * 100).fill(255), width: 200, height: 100 };
    const out = letterbox(img, 100, 100);
    expect(out.data[0]).toBe(0);
    expect(out.data[50 * 100 + 50]).toBe(255);
    expect(out.data[10 * 100 + 50]).toBe(0);
  });

  it('parses crop overrides', () => {
    expect(parseCrop('crop=10,20,300,200')).toEqual({ x: 10, y: 20, w: 300, h: 200 });
    expect(parseCrop('1,2,3')).toBeNull();
  });
});
