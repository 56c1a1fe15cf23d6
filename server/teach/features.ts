/**
 * What the taught head sees of a frame: the model's embedding joined with the frame's own gradient-orientation
 * histograms (a HOG-like layout descriptor), L2-normalised. Pure (no I/O).
 *
 * Why the histograms: the embedding was learned on the phantom alone, and on real machines it mixes views that the
 * outlines of the image keep apart. Measured 2026-11-30 with `evaluate --teach k --repeats 20` on the shipped
 * model: ../shared/real/val at k = 5 48.1% -> 54.9%, the pool (`--one-clip`) 49.9% -> 51.7%, one frame per clip
 * (`--spread`) val 55.3% -> 63.6% and the pool 63.7% -> 66.7% (README, "Teach it your scanner"). In a NumPy sketch
 * the histograms alone gave 41-48%, and a half-resolution image did as well as the full one (val 53.6 / 54.0%,
 * pool 55.5 / 55.7%) at a quarter of the cost.
 */

import { WASM_BASE64 } from './histograms-wasm.js';

/** Histogram grid over the frame (rows x columns of cells) and orientation bins over 0-180 degrees. */
const ROWS = 5;
const COLS = 6;
const BINS = 9;
/** Width of the histogram part. */
export const HISTOGRAM_SIZE = ROWS * COLS * BINS;
/** Weight of the (unit) histograms against the (unit) embedding before the joint normalisation. */
const HISTOGRAM_WEIGHT = 0.5;

/** Width of the features for an embedding of `dim` values. */
export function featureWidth(dim: number): number {
  return dim + HISTOGRAM_SIZE;
}

/** Grey frames: bytes live, floats (grey / 255) when evaluating; the histograms do not depend on the scale. */
type Frame = Uint8Array | Float32Array;

/**
 * The histograms' kernel (histograms.wat), one instance per thread: in JavaScript the blur and the gradients took
 * 0.06-0.09 ms a frame on a slow day of this 2-core machine, most of an applied head's cost; here 0.025-0.035 (the same day).
 */
const kernel = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
const run = new WebAssembly.Instance(kernel).exports as { histograms: (...args: number[]) => void; memory: WebAssembly.Memory };

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Gradient-orientation histograms of one grey frame (`w` x `h` values from `from`, any scale: the result is
 * normalised) into `out` from `oFrom`: the frame blurred with the 5-tap binomial (edges repeated) and kept at every
 * second pixel (a speckle-quiet half-resolution image), central differences on it, each pixel's gradient magnitude
 * split between its two nearest of 9 unsigned orientation bins, summed over a 5 x 6 grid of cells, the whole
 * L2-normalised (all zero for a flat frame).
 */
export function orientationHistograms(frame: Frame, from: number, w: number, h: number, out: Float32Array, oFrom = 0): void {
  const pw = w + 4, ws = Math.ceil(w / 4) * 4, sh = (h + 1) >> 1;
  const src = align16(w * h * 4 + 16), hb = align16(src + pw * (h + 4) * 4 + 16), vb = hb + (h + 4) * ws * 4, hist = vb + sh * ws * 4;
  const missing = Math.ceil((hist + HISTOGRAM_SIZE * 4 - run.memory.buffer.byteLength) / 65536);
  if (missing > 0) run.memory.grow(missing);
  // Bytes go in as bytes (the kernel makes them floats): a typed-array copy that converts them cost as much as the kernel.
  const bytes = frame instanceof Uint8Array;
  (bytes ? new Uint8Array(run.memory.buffer, 0, w * h) : new Float32Array(run.memory.buffer, 0, w * h)).set(frame.subarray(from, from + w * h));
  const sums = new Float32Array(run.memory.buffer, hist, HISTOGRAM_SIZE).fill(0);
  run.histograms(0, bytes ? 1 : 0, src, w, h, hb, vb, ws, hist, ROWS, COLS, BINS);
  let norm = 0;
  for (let j = 0; j < HISTOGRAM_SIZE; j++) norm += sums[j] * sums[j];
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < HISTOGRAM_SIZE; j++) out[oFrom + j] = sums[j] / norm;
}

/**
 * One frame's features for the taught head: `dim` embedding values (from `eFrom`, L2-normalised as the card
 * declares) then the frame's histograms weighted 0.5, the whole scaled to unit length, into `out` from `oFrom`.
 */
export function teachFeatures(
  embedding: ArrayLike<number>, eFrom: number, dim: number,
  frame: Frame, fFrom: number, w: number, h: number,
  out: Float32Array = new Float32Array(featureWidth(dim)), oFrom = 0,
): Float32Array {
  for (let j = 0; j < dim; j++) out[oFrom + j] = embedding[eFrom + j];
  orientationHistograms(frame, fFrom, w, h, out, oFrom + dim);
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += out[oFrom + j] * out[oFrom + j];
  for (let j = oFrom + dim; j < oFrom + dim + HISTOGRAM_SIZE; j++) {
    out[j] *= HISTOGRAM_WEIGHT;
    norm += out[j] * out[j];
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = oFrom; j < oFrom + dim + HISTOGRAM_SIZE; j++) out[j] /= norm;
  return out;
}

/** Features of n frames (each `w` x `h`, one after another in `frames`) with their n x dim embeddings, n x featureWidth(dim). */
export function batchFeatures(embeddings: ArrayLike<number>, dim: number, frames: Frame, n: number, w: number, h: number): Float32Array {
  const fw = featureWidth(dim), out = new Float32Array(n * fw);
  for (let i = 0; i < n; i++) teachFeatures(embeddings, i * dim, dim, frames, i * w * h, w, h, out, i * fw);
  return out;
}
