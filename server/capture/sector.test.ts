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

  it('finds the figure on a white page, then the sector inside it', () => {
    const ph = new Phantom(4, 320, 240);
    const screen = rgbToGrey(ph.frame(ph.canonical('a4c'), 0.4).rgb, 320, 240);
    const alone = detectSector(screen);
    const page = { data: new Uint8Array(480 * 400).fill(250), width: 480, height: 400 };
    for (let y = 0; y < 240; y++) page.data.set(screen.data.subarray(y * 320, (y + 1) * 320), (70 + y) * 480 + 60);
    const b = detectSector(page);
    expect(Math.abs(b.x - (alone.x + 60))).toBeLessThanOrEqual(8);
    expect(Math.abs(b.y - (alone.y + 70))).toBeLessThanOrEqual(8);
    expect(Math.abs(b.w - alone.w)).toBeLessThanOrEqual(16);
    expect(Math.abs(b.h - alone.h)).toBeLessThanOrEqual(16);
  });

  it('takes the larger of two images side by side, not the box around both', () => {
    const big = new Phantom(5, 400, 300), small = new Phantom(6, 240, 180);
    const a = rgbToGrey(big.frame(big.canonical('plax'), 0.4).rgb, 400, 300);
    const c = rgbToGrey(small.frame(small.canonical('a4c'), 0.4).rgb, 240, 180);
    const both = { data: new Uint8Array(680 * 300), width: 680, height: 300 };
    for (let y = 0; y < 300; y++) both.data.set(a.data.subarray(y * 400, (y + 1) * 400), y * 680);
    for (let y = 0; y < 180; y++) both.data.set(c.data.subarray(y * 240, (y + 1) * 240), (y + 60) * 680 + 440);
    const b = detectSector(both);
    expect(b.x + b.w).toBeLessThanOrEqual(420);
    expect(b.w).toBeGreaterThan(200);
  });

  const stills = existsSync(REAL) ? true : (console.warn(`sector tests on real stills skipped: ${REAL} is absent`), false);
  it.skipIf(!stills)('finds the whole fan on the real whole-screen stills, below header bars and clear of side text', () => {
    for (const f of ['hkx97-a2c.png', 'hkx97-a4c.png', 'raventan-screen-plax.jpg', 'raventan-screen-psax.jpg']) {
      const g = readImage(REAL + f);
      const b = detectSector(g);
      expect(b.w, f).toBeLessThan(g.width * 0.9);
      expect(b.w, f).toBeGreaterThan(g.width * 0.45);
      expect(b.h, f).toBeGreaterThan(g.height * 0.6);
      expect(b.y + b.h, `${f}: bottom text and heart rate left out`).toBeLessThan(g.height * 0.97);
      if (f.startsWith('hkx97')) {
        expect(b.y, `${f}: the Philips header bar is 60 px`).toBeGreaterThanOrEqual(60);
        expect(b.x, `${f}: the read-outs at the left are left out`).toBeGreaterThan(120);
      }
    }
  });

  it.skipIf(!stills)('keeps nearly all of the eight already cropped real sectors', () => {
    for (const f of ['a2c', 'a3c', 'a4c', 'a5c', 'plax', 'psax-ap', 'psax-av', 'psax-mv']) {
      const g = readImage(`${REAL}raventan-${f}.png`);
      const b = detectSector(g);
      expect(b.w * b.h, f).toBeGreaterThan(0.85 * g.width * g.height);
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
