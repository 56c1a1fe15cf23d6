import { describe, expect, it } from 'vitest';
import { HISTOGRAM_SIZE, featureWidth, orientationHistograms, teachFeatures } from './features.js';

const W = 80, H = 60;
const frame = (f: (x: number, y: number) => number) => Float32Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W)));
const histograms = (img: Float32Array) => {
  const out = new Float32Array(HISTOGRAM_SIZE);
  orientationHistograms(img, 0, W, H, out);
  return out;
};
/** Share of the histogram mass in each of the 9 orientation bins, over all cells. */
const byBin = (h: Float32Array) => {
  const bins = new Array(9).fill(0);
  h.forEach((v, i) => (bins[i % 9] += v));
  const sum = bins.reduce((a, b) => a + b, 0);
  return bins.map((b) => b / sum);
};
const norm = (v: Float32Array) => Math.hypot(...v);

/** The histograms as features.ts describes them, pixel by pixel in doubles with the exact arctangent. */
function direct(img: ArrayLike<number>, w: number, h: number): Float64Array {
  const at = (x: number, y: number) => img[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  const tap = [1, 4, 6, 4, 1];
  const sw = (w + 1) >> 1, sh = (h + 1) >> 1;
  const small = (sx: number, sy: number) => {
    let s = 0;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) s += tap[dy + 2] * tap[dx + 2] * at(2 * sx + dx, 2 * sy + dy);
    return s / 256;
  };
  const out = new Float64Array(HISTOGRAM_SIZE);
  for (let y = 1; y < sh - 1; y++) for (let x = 1; x < sw - 1; x++) {
    const gx = small(x + 1, y) - small(x - 1, y), gy = small(x, y + 1) - small(x, y - 1);
    let a = (Math.atan2(gy, gx) + Math.PI) % Math.PI; // unsigned, [0, pi)
    a = (a * 9) / Math.PI;
    const b0 = Math.floor(a) % 9, cell = (Math.floor((y * 5) / sh) * 6 + Math.floor((x * 6) / sw)) * 9;
    out[cell + b0] += Math.hypot(gx, gy) * (1 - (a - Math.floor(a)));
    out[cell + ((b0 + 1) % 9)] += Math.hypot(gx, gy) * (a - Math.floor(a));
  }
  const n = Math.hypot(...out) || 1;
  return out.map((v) => v / n);
}

describe('the taught head\'s features', () => {
  const embedding = Float32Array.from({ length: 16 }, (_, i) => (i % 3) - 1);
  const e = embedding.map((x) => x / norm(embedding));

  it('join the embedding and the frame\'s histograms into one unit vector of the declared width', () => {
    const f = teachFeatures(e, 0, 16, frame((x, y) => Math.sin(x / 3) + y / 60), 0, W, H);
    expect(f.length).toBe(featureWidth(16));
    expect(featureWidth(496)).toBe(496 + 270);
    expect(norm(f)).toBeCloseTo(1, 5);
    expect(norm(f.subarray(16))).toBeGreaterThan(0.3); // the histograms carry weight
  });

  it('are the embedding alone for a flat frame (no gradients, no histograms)', () => {
    const f = teachFeatures(e, 0, 16, new Float32Array(W * H).fill(0.4), 0, W, H);
    expect(Array.from(f.subarray(0, 16)).map((v, i) => v - e[i]).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    expect(f.subarray(16).every((v) => v === 0)).toBe(true);
  });

  it('put vertical edges in the horizontal-gradient bin and horizontal edges in the vertical one', () => {
    const vertical = byBin(histograms(frame((x) => (Math.floor(x / 8) % 2) * 200)));
    const horizontal = byBin(histograms(frame((_, y) => (Math.floor(y / 8) % 2) * 200)));
    expect(vertical[0]).toBeGreaterThan(0.99);
    expect(horizontal[4] + horizontal[5]).toBeGreaterThan(0.99); // 90 degrees lies between bins 4 and 5
  });

  it('put diagonal edges between the bins of 45 and 135 degrees', () => {
    const rising = byBin(histograms(frame((x, y) => (Math.floor((x + y) / 8) % 2) * 200)));
    const falling = byBin(histograms(frame((x, y) => (Math.floor((x - y + 200) / 8) % 2) * 200)));
    expect(rising[2] + rising[3]).toBeGreaterThan(0.99); // 45 degrees: bin 2.25
    expect(falling[6] + falling[7]).toBeGreaterThan(0.99); // 135 degrees: bin 6.75
  });

  it('match the recipe written out directly with Math.atan2, for frames of any size, as bytes or as floats', () => {
    for (const [w, h] of [[80, 60], [81, 61], [128, 96], [7, 5]]) {
      const bytes = Uint8Array.from({ length: w * h }, (_, i) => (Math.sin(i * 0.37) * 60 + 100 + ((i * 7919) % 41)) | 0);
      const got = new Float32Array(HISTOGRAM_SIZE), fromFloats = new Float32Array(HISTOGRAM_SIZE);
      orientationHistograms(bytes, 0, w, h, got);
      orientationHistograms(Float32Array.from(bytes, (v) => v / 255), 0, w, h, fromFloats);
      const want = direct(bytes, w, h);
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]))), `${w} x ${h}`).toBeLessThan(0.01);
      expect(Math.max(...got.map((v, i) => Math.abs(v - fromFloats[i]))), `${w} x ${h}`).toBeLessThan(1e-5);
    }
  });

  it('do not change with the screen\'s brightness or contrast, only with its outlines', () => {
    const img = frame((x, y) => ((x - 40) ** 2 + (y - 30) ** 2 < 300 ? 40 : 180) + ((x * 7 + y * 13) % 5));
    const a = histograms(img), b = histograms(img.map((v) => v * 0.5 + 30));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-5);
    const moved = histograms(frame((x, y) => ((x - 20) ** 2 + (y - 30) ** 2 < 300 ? 40 : 180) + ((x * 7 + y * 13) % 5)));
    expect(Math.max(...a.map((v, i) => Math.abs(v - moved[i])))).toBeGreaterThan(0.1);
  });

  it('read the frame at its offset and write at theirs, leaving the rest of the buffers alone', () => {
    const img = frame((x, y) => x * y);
    const two = new Float32Array(2 * W * H);
    two.set(img, W * H);
    const out = new Float32Array(3 * featureWidth(16)).fill(7);
    teachFeatures(e, 0, 16, two, W * H, W, H, out, featureWidth(16));
    expect(out.subarray(featureWidth(16), 2 * featureWidth(16))).toEqual(teachFeatures(e, 0, 16, img, 0, W, H));
    expect(out.subarray(0, featureWidth(16)).every((v) => v === 7)).toBe(true);
    expect(out.subarray(2 * featureWidth(16)).every((v) => v === 7)).toBe(true);
  });
});
