/**
 * Marks a sonographer leaves on the image, burned into the captured screen: a colour-Doppler box whose
 * blood pools fill with red and blue flow, and calipers with a measurement read-out. Which ones a machine
 * shows and where are fixed per seed; the flow pattern moves with the cardiac phase.
 */
import { type Canvas, hash2 } from './canvas.js';
import type { Rng } from './rng.js';
import { textScale } from './screen.js';

export interface Overlays {
  /** Colour box: centre angle and half-width (degrees), near and far depth (fractions of the image depth); or null. */
  colourBox: { centreDeg: number; halfDeg: number; near: number; far: number } | null;
  /** Calipers: two points (angle degrees, depth fraction) and the read-out's name; or null. */
  calipers: { a: [number, number]; b: [number, number]; name: string } | null;
}

export function sampleOverlays(rng: Rng, widthDeg: number): Overlays {
  const half = widthDeg / 2;
  const near = rng.range(0.2, 0.45);
  const colourBox = rng.next() < 0.2 ? { centreDeg: rng.range(-half * 0.4, half * 0.4), halfDeg: rng.range(10, Math.min(22, half)), near, far: near + rng.range(0.25, 0.45) } : null;
  const calipers = rng.next() < 0.3
    ? { a: [rng.range(-half * 0.6, half * 0.6), rng.range(0.25, 0.5)] as [number, number], b: [rng.range(-half * 0.6, half * 0.6), rng.range(0.5, 0.85)] as [number, number], name: rng.pick(['LVIDd', 'IVSd', 'LVOT', 'LA', 'AO', 'DIST']) }
    : null;
  return { colourBox, calipers };
}

/** Where the fan sits on the screen: apex (px), pixels per cm and depth (cm). */
export interface FanPlacement {
  apexX: number;
  apexY: number;
  pxPerCm: number;
  depthCm: number;
}

const polar = (f: FanPlacement, deg: number, frac: number): [number, number] => {
  const r = frac * f.depthCm * f.pxPerCm, a = (deg * Math.PI) / 180;
  return [f.apexX + r * Math.sin(a), f.apexY + r * Math.cos(a)];
};

/** Draw the seed's overlays onto the fan at phase `phase` (0-1 of the beat). */
export function drawOverlays(cv: Canvas, o: Overlays, f: FanPlacement, phase: number): void {
  if (o.colourBox) drawColourBox(cv, o.colourBox, f, phase);
  if (o.calipers) {
    const [ax, ay] = polar(f, ...o.calipers.a), [bx, by] = polar(f, ...o.calipers.b);
    const n = Math.max(1, Math.round(Math.hypot(bx - ax, by - ay) / 6));
    for (let i = 0; i <= n; i += 2) cv.rect(ax + ((bx - ax) * i) / n - 1, ay + ((by - ay) * i) / n - 1, 2, 2, [240, 240, 120]);
    for (const [x, y] of [[ax, ay], [bx, by]]) {
      cv.rect(x - 5, y, 11, 1, [240, 240, 120]);
      cv.rect(x, y - 5, 1, 11, [240, 240, 120]);
    }
    const cm = Math.hypot(bx - ax, by - ay) / f.pxPerCm;
    const px = textScale(cv.height);
    const [tx, ty] = polar(f, 0, 1);
    cv.text(tx - f.depthCm * f.pxPerCm * 0.5, ty - 12 * px, `${o.calipers.name} ${cm.toFixed(1)}CM`, px, [240, 240, 120]);
  }
}

/** Colour flow: dark (blood) pixels inside the box turn red or blue with aliasing mosaics; the box is outlined. */
function drawColourBox(cv: Canvas, b: NonNullable<Overlays['colourBox']>, f: FanPlacement, phase: number): void {
  const r0 = b.near * f.depthCm * f.pxPerCm, r1 = b.far * f.depthCm * f.pxPerCm;
  const a0 = ((b.centreDeg - b.halfDeg) * Math.PI) / 180, a1 = ((b.centreDeg + b.halfDeg) * Math.PI) / 180;
  const x0 = Math.floor(f.apexX + r1 * Math.sin(Math.min(a0, 0))), x1 = Math.ceil(f.apexX + r1 * Math.sin(Math.max(a1, 0)));
  const y0 = Math.floor(f.apexY + r0 * Math.min(Math.cos(a0), Math.cos(a1))), y1 = Math.ceil(f.apexY + r1);
  const flow = Math.sin(2 * Math.PI * phase);
  const rgb = cv.rgb;
  for (let y = Math.max(0, y0); y < Math.min(cv.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(cv.width, x1); x++) {
      const dx = x - f.apexX, dy = y - f.apexY;
      const r = Math.hypot(dx, dy), a = Math.atan2(dx, dy);
      if (r < r0 || r > r1 || a < a0 || a > a1) continue;
      const o = (y * cv.width + x) * 3;
      const edge = r - r0 < 1 || r1 - r < 1 || (a - a0) * r < 1 || (a1 - a) * r < 1;
      if (edge) {
        rgb[o] = rgb[o + 1] = rgb[o + 2] = 200;
        continue;
      }
      if (rgb[o] > 28) continue; // tissue: the machine shows grey where wall motion outweighs flow
      const n = hash2(x >> 2, y >> 2);
      const v = flow + 0.8 * (n - 0.5) + 0.6 * Math.sin(r * 0.08 + 6 * phase);
      const k = Math.min(1, Math.abs(v));
      if (v > 0) [rgb[o], rgb[o + 1], rgb[o + 2]] = [Math.round(120 + 135 * k), Math.round(40 + 160 * k * k), 20];
      else [rgb[o], rgb[o + 1], rgb[o + 2]] = [20, Math.round(60 + 140 * k * k), Math.round(140 + 115 * k)];
    }
}
