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

/** Scratch buffers, grown on demand, so a live frame allocates nothing. */
let blurred = new Float32Array(0);
let small = new Float32Array(0);

/**
 * The frame blurred with the 5-tap binomial (edges clamped) and kept at every second pixel: a speckle-quiet
 * half-resolution image (width ceil(w/2) x height ceil(h/2)) in `small`.
 */
function halve(frame: ArrayLike<number>, from: number, w: number, h: number): { sw: number; sh: number } {
  if (blurred.length < w * h) blurred = new Float32Array(w * h);
  const sw = (w + 1) >> 1, sh = (h + 1) >> 1;
  if (small.length < sw * sh) small = new Float32Array(sw * sh);
  const clampX = (x: number) => (x < 0 ? 0 : x >= w ? w - 1 : x);
  const clampY = (y: number) => (y < 0 ? 0 : y >= h ? h - 1 : y);
  // Horizontal pass on every row (the vertical pass needs its neighbours), kept columns only.
  for (let y = 0; y < h; y++) {
    const r = from + y * w;
    for (let x = 0; x < w; x += 2) {
      blurred[y * w + x] = (frame[r + clampX(x - 2)] + 4 * frame[r + clampX(x - 1)] + 6 * frame[r + x] + 4 * frame[r + clampX(x + 1)] + frame[r + clampX(x + 2)]) / 16;
    }
  }
  for (let y = 0, sy = 0; y < h; y += 2, sy++) {
    const a = clampY(y - 2) * w, b = clampY(y - 1) * w, c = y * w, d = clampY(y + 1) * w, e = clampY(y + 2) * w;
    for (let x = 0, sx = 0; x < w; x += 2, sx++) {
      small[sy * sw + sx] = (blurred[a + x] + 4 * blurred[b + x] + 6 * blurred[c + x] + 4 * blurred[d + x] + blurred[e + x]) / 16;
    }
  }
  return { sw, sh };
}

/** atan(t) for t in [0, 1], within 0.004 rad (0.2 degrees, against 20-degree bins): Math.atan2 cost a quarter of the features' time. */
const atan01 = (t: number) => t * (Math.PI / 4 + 0.273 * (1 - t));

/** The angle of (gx, gy) with gy >= 0, in [0, pi]. */
function angle(gx: number, gy: number): number {
  if (gx >= 0) return gy <= gx ? atan01(gy / gx) : Math.PI / 2 - atan01(gx / gy);
  return gy >= -gx ? Math.PI / 2 + atan01(-gx / gy) : Math.PI - atan01(gy / -gx);
}

/**
 * Gradient-orientation histograms of one grey frame (`w` x `h` values from `from`, any scale: the result is
 * normalised) into `out` from `oFrom`: central differences on the half-resolution image, each pixel's gradient
 * magnitude split between its two nearest of 9 unsigned orientation bins, summed over a 5 x 6 grid of cells,
 * the whole L2-normalised (all zero for a flat frame).
 */
export function orientationHistograms(frame: ArrayLike<number>, from: number, w: number, h: number, out: Float32Array, oFrom = 0): void {
  const { sw, sh } = halve(frame, from, w, h);
  out.fill(0, oFrom, oFrom + HISTOGRAM_SIZE);
  for (let y = 1; y < sh - 1; y++) {
    const rowCell = Math.floor((y * ROWS) / sh) * COLS;
    for (let x = 1; x < sw - 1; x++) {
      const i = y * sw + x;
      let gx = small[i + 1] - small[i - 1], gy = small[i + sw] - small[i - sw];
      if (gx === 0 && gy === 0) continue;
      // Unsigned orientation: fold into the upper half-plane, angle in [0, pi) as bins.
      if (gy < 0 || (gy === 0 && gx < 0)) {
        gx = -gx;
        gy = -gy;
      }
      const a = (angle(gx, gy) * BINS) / Math.PI;
      const f = Math.floor(a), w1 = a - f, b0 = f >= BINS ? f - BINS : f;
      const mag = Math.sqrt(gx * gx + gy * gy);
      const cell = oFrom + (rowCell + Math.floor((x * COLS) / sw)) * BINS;
      out[cell + b0] += mag * (1 - w1);
      out[cell + (b0 + 1 === BINS ? 0 : b0 + 1)] += mag * w1;
    }
  }
  let norm = 0;
  for (let j = oFrom; j < oFrom + HISTOGRAM_SIZE; j++) norm += out[j] * out[j];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = oFrom; j < oFrom + HISTOGRAM_SIZE; j++) out[j] /= norm;
}

/**
 * One frame's features for the taught head: `dim` embedding values (from `eFrom`, L2-normalised as the card
 * declares) then the frame's histograms weighted 0.5, the whole scaled to unit length, into `out` from `oFrom`.
 */
export function teachFeatures(
  embedding: ArrayLike<number>, eFrom: number, dim: number,
  frame: ArrayLike<number>, fFrom: number, w: number, h: number,
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
export function batchFeatures(embeddings: ArrayLike<number>, dim: number, frames: ArrayLike<number>, n: number, w: number, h: number): Float32Array {
  const fw = featureWidth(dim), out = new Float32Array(n * fw);
  for (let i = 0; i < n; i++) teachFeatures(embeddings, i * dim, dim, frames, i * w * h, w, h, out, i * fw);
  return out;
}
