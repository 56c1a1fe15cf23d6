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
