/** Drawing into an RGB24 frame buffer: the few primitives the simulated screen needs. */
import { PNG } from 'pngjs';
import { drawText } from './font.js';

export type Rgb = readonly [number, number, number];

export class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.rgb = new Uint8Array(width * height * 3);
  }
  clear(): void {
    this.rgb.fill(0);
  }
  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w)), y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++)
      for (let xx = x0; xx < x1; xx++) this.set(xx, yy, c);
  }
  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    this.rgb[o] = c[0];
    this.rgb[o + 1] = c[1];
    this.rgb[o + 2] = c[2];
  }
  /** A line of `thick` pixels (DDA). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const h = Math.floor(thick / 2);
    for (let i = 0; i <= n; i++) {
      const x = Math.round(x0 + ((x1 - x0) * i) / n), y = Math.round(y0 + ((y1 - y0) * i) / n);
      for (let dy = -h; dy < thick - h; dy++) for (let dx = -h; dx < thick - h; dx++) this.set(x + dx, y + dy, c);
    }
  }
  text(x: number, y: number, s: string, px: number, c: Rgb): void {
    drawText(this.rgb, this.width, this.height, Math.round(x), Math.round(y), s, px, c);
  }
  /** Copy a grey bitmap in; zero pixels are transparent (outside the fan). */
  blitGrey(src: Uint8Array, w: number, h: number, x: number, y: number): void {
    const X = Math.round(x), Y = Math.round(y);
    for (let yy = 0; yy < h; yy++) {
      const ty = Y + yy;
      if (ty < 0 || ty >= this.height) continue;
      for (let xx = 0; xx < w; xx++) {
        const v = src[yy * w + xx];
        const tx = X + xx;
        if (v === 0 || tx < 0 || tx >= this.width) continue;
        const o = (ty * this.width + tx) * 3;
        this.rgb[o] = v;
        this.rgb[o + 1] = v;
        this.rgb[o + 2] = v;
      }
    }
  }
}

/** Encode a canvas as PNG (pictures for docs and reports). */
export function canvasPng(cv: Canvas): Buffer {
  const png = new PNG({ width: cv.width, height: cv.height });
  for (let i = 0; i < cv.width * cv.height; i++) png.data.set([cv.rgb[i * 3], cv.rgb[i * 3 + 1], cv.rgb[i * 3 + 2], 255], i * 4);
  return PNG.sync.write(png);
}

/** Deterministic hash noise in [0, 1) for (a, b) integer coordinates: stable texture for scrolling displays. */
export function hash2(a: number, b: number): number {
  let h = Math.imul(a | 0, 0x27d4eb2d) ^ Math.imul(b | 0, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
