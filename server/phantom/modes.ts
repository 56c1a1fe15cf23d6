/**
 * Spectral Doppler (PW, CW) and M-mode screens derived from the phantom's motion: velocity over the cycle
 * at a sample gate or along a cursor, and depth over time along an M-mode cursor through the 2D image.
 * Each has its small 2D reference image with the cursor, a scale and a baseline.
 */
import { Canvas, hash2 } from './canvas.js';
import { aorticVelocity, mitralVelocity, phaseAt, type Timing } from './cardiac.js';
import type { SectorRenderer } from './bmode.js';
import type { Primitive } from './primitives.js';
import type { Pose } from './probe.js';
import { textScale } from './screen.js';

export type SpectralKind = 'pw' | 'cw';

/** Geometry of the lower (time-based) display and the reference image above it, in screen pixels. */
export interface ModeLayout {
  refX: number;
  refY: number;
  dispX: number;
  dispY: number;
  dispW: number;
  dispH: number;
  /** Sweep speed, pixels per second. */
  sweep: number;
}

export function modeLayout(W: number, H: number, refWidth: number, imageCx: number, imageTop: number): ModeLayout {
  return {
    refX: Math.round(W * imageCx - refWidth / 2),
    refY: Math.round(H * imageTop),
    dispX: Math.round(W * 0.08),
    dispY: Math.round(H * (imageTop + 0.36)),
    dispW: Math.round(W * 0.8),
    dispH: Math.round(H * (0.78 - imageTop - 0.36)),
    sweep: W * 0.18,
  };
}

/** Draw the cursor line (and PW gate) on the reference image. */
export function drawCursor(cv: Canvas, l: ModeLayout, apexX: number, pxPerCm: number, angleRad: number, depthCm: number, gateCm: number | null): void {
  const x0 = l.refX + apexX, y0 = l.refY;
  const x1 = x0 + Math.sin(angleRad) * depthCm * pxPerCm, y1 = y0 + Math.cos(angleRad) * depthCm * pxPerCm;
  for (let i = 0; i < 40; i += 2) {
    const a = i / 40, b = (i + 1) / 40;
    cv.line(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b, [40, 220, 60]);
  }
  if (gateCm !== null) {
    const gx = x0 + Math.sin(angleRad) * gateCm * pxPerCm, gy = y0 + Math.cos(angleRad) * gateCm * pxPerCm;
    cv.rect(gx - 6, gy - 4, 12, 2, [240, 240, 240]);
    cv.rect(gx - 6, gy + 3, 12, 2, [240, 240, 240]);
  }
}

/**
 * Spectral display: velocity (vertical, baseline at `baseline` fraction) against time, scrolling left.
 * PW: a narrow hollow envelope of mitral inflow; CW: a filled envelope of aortic outflow at high velocity.
 */
export function drawSpectrum(cv: Canvas, l: ModeLayout, kind: SpectralKind, timing: Timing, time: number, scaleMps: number, baseline: number, gain: number): void {
  const H = l.dispH;
  const base = Math.round(H * baseline);
  const pxPerMps = Math.max(base, H - base) / scaleMps;
  const colNow = Math.floor(time * l.sweep);
  for (let x = 0; x < l.dispW; x++) {
    const col = colNow - (l.dispW - 1 - x);
    const t = col / l.sweep;
    const ph = phaseAt(timing, t);
    const v = kind === 'pw' ? mitralVelocity(timing, ph) : aorticVelocity(timing, ph);
    const envPx = v * pxPerMps;
    for (let y = 0; y < H; y++) {
      const vy = base - y; // pixels above the baseline = positive velocity
      let a = 0;
      const inside = envPx >= 0 ? vy >= 0 && vy <= envPx : vy <= 0 && vy >= envPx;
      if (inside && Math.abs(envPx) > 1) {
        const rel = Math.abs(vy) / Math.abs(envPx);
        a = kind === 'pw' ? (rel > 0.7 ? 0.9 : 0.15 * rel) : 0.45 + 0.5 * rel;
      }
      const n = hash2(col, y);
      // The noise floor of a spectral display at normal gain is a faint grey speckle, not black.
      const g = Math.min(255, gain * (a * (0.5 + n) * 255 + 14 + 34 * n * n));
      cv.set(l.dispX + x, l.dispY + y, [g, g, g]);
    }
  }
  // Baseline, scale ticks and labels (m/s).
  const px = textScale(cv.height);
  cv.rect(l.dispX, l.dispY + base, l.dispW, 1, [120, 120, 120]);
  for (let m = -scaleMps; m <= scaleMps; m++) {
    const y = l.dispY + base - m * pxPerMps;
    if (y < l.dispY || y > l.dispY + H) continue;
    cv.rect(l.dispX + l.dispW + 2, y, 6, 1, [200, 200, 200]);
    cv.text(l.dispX + l.dispW + 10, y - 3 * px, m.toFixed(0), px, [200, 200, 200]);
  }
  cv.text(l.dispX + l.dispW + 10, l.dispY - 10 * px, 'M/S', px, [200, 200, 200]);
}

/**
 * M-mode: each column is the echo along the cursor at that column's time; columns are cached by index
 * because the display scrolls and old columns never change.
 */
export class MmodeColumns {
  private cache = new Map<number, Uint8Array>();
  constructor(private readonly rows: number) {}

  column(col: number, time: number, scene: (t: number) => Primitive[], pose: Pose, angle: number, renderer: SectorRenderer): Uint8Array {
    const hit = this.cache.get(col);
    if (hit) return hit;
    const line = new Float32Array(this.rows);
    renderer.traceLine(scene(time), pose, angle, this.rows, line);
    const out = new Uint8Array(this.rows);
    for (let y = 0; y < this.rows; y++) {
      // Speckle in M-mode is streaky: constant along time for a given depth, varying slowly between columns.
      const sp = 0.35 + 1.3 * hash2(y, Math.floor(col / 40)) * (0.8 + 0.4 * hash2(col, y));
      const att = 1 - (0.25 * y) / this.rows;
      const db = 20 * Math.log10(Math.max(1e-4, line[y] * sp * att));
      out[y] = Math.max(0, Math.min(255, ((db + 50) / 50) * 255));
    }
    this.cache.set(col, out);
    if (this.cache.size > 4000) this.cache.delete(this.cache.keys().next().value as number);
    return out;
  }

}

export function drawMmode(cv: Canvas, l: ModeLayout, time: number, columnAt: (col: number, t: number) => Uint8Array, rows: number): void {
  const colNow = Math.floor(time * l.sweep);
  for (let x = 0; x < l.dispW; x++) {
    const col = colNow - (l.dispW - 1 - x);
    const data = columnAt(col, col / l.sweep);
    for (let y = 0; y < l.dispH; y++) {
      const v = data[Math.min(rows - 1, Math.floor((y / l.dispH) * rows))];
      cv.set(l.dispX + x, l.dispY + y, [v, v, v]);
    }
  }
}
