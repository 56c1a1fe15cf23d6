/**
 * Pictures for docs/: a montage of the 15 phantom views (docs/phantom-views.png) and, when ../shared/real
 * is present, phantom beside real for plax, psax-mid, a4c and a2c (docs/phantom-vs-real.png), each as the
 * model sees it too (80x60 crop). Usage: tsx scripts/docs-pictures.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { Phantom } from '../server/phantom/phantom.js';
import { Canvas, canvasPng } from '../server/phantom/canvas.js';
import { rgbToGrey, type GreyImage } from '../server/frames.js';
import { detectSector } from '../server/capture/sector.js';
import { cropScale } from '../server/capture/crop-scale.js';
import { VIEW_IDS, type ViewId } from '../server/views.js';

const docs = new URL('../docs/', import.meta.url).pathname;
const REAL = new URL('../../shared/real/', import.meta.url).pathname;

const savePng = (cv: Canvas, path: string) => writeFileSync(path, canvasPng(cv));

function blitRgb(cv: Canvas, rgb: Uint8Array, w: number, h: number, x0: number, y0: number): void {
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cv.set(x0 + x, y0 + y, [rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2]]);
}

function blitGreyScaled(cv: Canvas, g: GreyImage, x0: number, y0: number, w: number, h: number): void {
  const s = cropScale(g, { x: 0, y: 0, w: g.width, h: g.height }, w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cv.set(x0 + x, y0 + y, [s[y * w + x], s[y * w + x], s[y * w + x]]);
}

// Montage: 5 x 3 views at 400x300, seed 3 at mid-diastole, labelled.
const W = 400, H = 300;
const montage = new Canvas(W * 5, (H + 24) * 3);
const ph = new Phantom(3, W, H);
VIEW_IDS.forEach((v, i) => {
  const x = (i % 5) * W, y = Math.floor(i / 5) * (H + 24);
  blitRgb(montage, ph.frame(ph.canonical(v), 0.55).rgb, W, H, x, y + 24);
  montage.text(x + 6, y + 6, v, 2, [255, 220, 120]);
});
savePng(montage, `${docs}phantom-views.png`);
console.log(`wrote ${docs}phantom-views.png`);

if (existsSync(REAL)) {
  const pairs: Array<[ViewId, string]> = [['plax', 'raventan-plax.png'], ['psax-mid', 'raventan-psax-ap.png'], ['a4c', 'hkx97-a4c.png'], ['a2c', 'hkx97-a2c.png']];
  const cw = 320, chh = 240, mw = 160, mh = 120;
  const cv = new Canvas(2 * (cw + mw + 20) + 20, pairs.length * (chh + 30) + 30);
  cv.text(20, 8, 'PHANTOM (SCREEN, MODEL INPUT)', 2, [255, 220, 120]);
  cv.text(cw + mw + 60, 8, 'REAL (SCREEN, MODEL INPUT)', 2, [255, 220, 120]);
  pairs.forEach(([v, file], i) => {
    const y = 30 + i * (chh + 30);
    const sim = new Phantom(11 + i, 640, 480);
    const g = rgbToGrey(sim.frame(sim.canonical(v), 0.55).rgb, 640, 480);
    const buf = readFileSync(REAL + file);
    const img = file.endsWith('.png') ? PNG.sync.read(buf) : jpeg.decode(buf, { useTArray: true });
    const rgb = new Uint8Array(img.width * img.height * 3);
    for (let p = 0; p < img.width * img.height; p++) rgb.set(img.data.subarray(p * 4, p * 4 + 3), p * 3);
    const real = rgbToGrey(rgb, img.width, img.height);
    for (const [k, im] of [[0, g], [1, real]] as Array<[number, GreyImage]>) {
      const x = 20 + k * (cw + mw + 20);
      blitGreyScaled(cv, im, x, y, cw, chh);
      const crop = cropScale(im, detectSector(im), 80, 60);
      blitGreyScaled(cv, { data: crop, width: 80, height: 60 }, x + cw + 4, y, mw, mh);
      cv.text(x + 4, y + chh + 4, k === 0 ? `${v} (phantom seed ${11 + i})` : `${v}: ${file}`, 1, [200, 200, 200]);
    }
  });
  savePng(cv, `${docs}phantom-vs-real.png`);
  console.log(`wrote ${docs}phantom-vs-real.png`);
}
