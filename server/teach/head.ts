/**
 * The taught head: a small classifier on each frame's features (features.ts: the model's embedding and the
 * frame's gradient-orientation histograms), fitted from a few frames per taught class, that takes over from the
 * base model on frames that look like what was taught. Pure (no I/O).
 *
 * Chosen by measurement (README, "Teach it your scanner"): an L2-regularised softmax regression on the
 * L2-normalised embedding beat class prototypes (cosine to the class mean), 1-nearest-neighbour and the same
 * regression on embedding + downsampled pixels or + the base model's log-probabilities at k = 5 on
 * ../shared/real/val (43% against 38-42%), and was level with them at k = 10. On a multi-scale embedding like
 * today's it was level with prototypes taken about the taught frames' mean (54% and 55%, NumPy sketch).
 *
 * Every taught class weighs the same in the fit, however many frames it was taught (measured 2026-11-30: val at
 * k = 5 44.7% -> 48.1%, the pool 48.5% -> 49.9%; with 10 frames spread over three clips per class, NumPy sketch,
 * val 52% -> 68%).
 *
 * Combination with the base model: views that were not taught fall back to it. The gate g (0-1) is how close a
 * frame's embedding (the features' first `gateDim` values) is to the nearest taught class mean (cosine) against
 * the closeness of the taught frames themselves; the output is g x head (over the taught classes) + (1 - g) x the
 * base model's probabilities. The gate leaves the histograms out: on the whole features it closed on most real
 * frames of taught views (val at k = 1 18% against 32% with the gate on the embedding, the pool 21% against 49%).
 */
import { Linear, type Matrix } from './linear.js';

/** A fitted head, as stored in a profile (plain JSON). */
export interface Head {
  /** Taught class ids, in the order of the rows below (a subset of the model's classes). */
  classes: string[];
  /** Feature width D (features.ts: the embedding, then the frame's histograms). */
  dim: number;
  /** classes x D weights, row-major. */
  weights: number[];
  bias: number[];
  /**
   * Leading feature values G the gate compares: the model's embedding (absent in profiles from before the
   * histograms joined the features: all D).
   */
  gateDim?: number;
  /** classes x G unit class means of the taught frames' leading G values, for the gate. */
  means: number[];
  /** Cosine to the nearest class mean at which the gate is one half. */
  gateAt: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (default 1e-3, chosen on val at k = 5). */
  lambda?: number;
  /** Nesterov-accelerated full-batch gradient steps (default 30) at this step size (1) and momentum (0.9). */
  steps?: number;
  rate?: number;
  momentum?: number;
  /** Leading feature values the gate compares (default: all). */
  gateDim?: number;
}

/** Gate width in cosine: the gate goes from 0.12 to 0.88 over gateAt -/+ 2 widths. */
const GATE_WIDTH = 0.025;
/** The gate is centred this far (cosine) below the least typical taught frame, and never above GATE_MAX. */
const GATE_MARGIN = 0.1;
const GATE_MAX = 0.8;

function unit(v: Float64Array): Float64Array {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/**
 * Fit a head from n taught frames: `features` n x dim (L2-normalised rows, features.ts) and their class ids. Deterministic
 * (zero start, full batch). Nesterov momentum reaches in 60 steps what plain gradient descent needs about 1,000
 * for (same accuracy on val as 300 plain steps, measured); on the 496-value embedding 30 steps of size 1 do as
 * well as 60 of size 0.5 (val at k = 5: 55.1% and 55.3%; at k = 1: 24.9% and 25.3%) in half the time (costs:
 * README, "Teach it your scanner").
 */
export function fitHead(features: Float32Array, labels: string[], dim: number, o: FitOptions = {}): Head {
  const n = labels.length;
  if (n === 0 || features.length !== n * dim) throw new Error(`fitHead: ${n} labels for ${features.length / dim} embeddings`);
  const classes = [...new Set(labels)];
  const k = classes.length;
  const y = labels.map((l) => classes.indexOf(l));
  // Every class weighs the same whatever its number of frames (a view held longer must not crowd out the others):
  // frame i weighs n / (k x frames of its class), so the weights still sum to n.
  const count = new Float64Array(k);
  for (const c of y) count[c]++;
  const weight = y.map((c) => n / (k * count[c]));
  const x = Float64Array.from(features); // one element type in the gate's loops below
  const { lambda = 1e-3, steps = 30, rate = 1, momentum = 0.9 } = o;
  const w = new Float64Array(k * dim), b = new Float64Array(k), vw = new Float64Array(k * dim), vb = new Float64Array(k);
  const lw = new Float64Array(k * dim), lb = new Float64Array(k), gb = new Float64Array(k), z = new Float64Array(k);
  // The two products of every step run in WebAssembly SIMD (linear.ts): scores = X W^T, gradient = G^T X.
  const lin = new Linear();
  const X = lin.matrix(n, dim), W = lin.matrix(k, dim), S = lin.matrix(n, k), G = lin.matrix(n, k), GW = lin.matrix(k, dim);
  lin.write(X, features);
  const scores = lin.view(S), grad = lin.view(G), gw = lin.view(GW);
  for (let s = 0; s < steps; s++) {
    // The gradient is taken at the look-ahead point w + momentum * v (Nesterov).
    for (let q = 0; q < w.length; q++) lw[q] = w[q] + momentum * vw[q];
    for (let c = 0; c < k; c++) lb[c] = b[c] + momentum * vb[c];
    lin.write(W, lw);
    lin.abt(X, W, S);
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const v = lb[c] + scores[i * S.stride + c];
        z[c] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (z[c] = Math.exp(z[c] - max));
      for (let c = 0; c < k; c++) {
        const g = weight[i] * (z[c] / sum - (y[i] === c ? 1 : 0));
        gb[c] += g;
        grad[i * G.stride + c] = g;
      }
    }
    lin.clear(GW);
    lin.gtx(G, X, GW);
    for (let c = 0; c < k; c++) {
      for (let j = 0, q = c * dim, r = c * GW.stride; j < dim; j++, q++, r++) w[q] += (vw[q] = momentum * vw[q] - rate * (gw[r] / n + lambda * lw[q]));
      b[c] += (vb[c] = momentum * vb[c] - rate * (gb[c] / n));
    }
  }
  // The gate looks at the embedding only: its margin was measured on it, and the histograms would move it.
  const gateDim = o.gateDim ?? dim;
  const means = classes.map((_, c) => {
    const m = new Float64Array(gateDim);
    for (let i = 0; i < n; i++) if (y[i] === c) for (let j = 0; j < gateDim; j++) m[j] += x[i * dim + j];
    return unit(m);
  });
  let least = 1;
  for (let i = 0; i < n; i++) least = Math.min(least, cosine(means[y[i]], x, i * dim, gateDim));
  return {
    classes, dim, weights: Array.from(w), bias: Array.from(b),
    gateDim, means: means.flatMap((m) => Array.from(m)), gateAt: Math.min(GATE_MAX, least - GATE_MARGIN),
  };
}

/**
 * a[aFrom ..] . b[from ..] over dim values. Four running sums break the chain of dependent additions (a third
 * faster in V8 than one sum, measured on the fit).
 */
function dot(a: ArrayLike<number>, b: ArrayLike<number>, from: number, dim: number, aFrom = 0): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
  for (; j + 3 < dim; j += 4) {
    s0 += a[aFrom + j] * b[from + j];
    s1 += a[aFrom + j + 1] * b[from + j + 1];
    s2 += a[aFrom + j + 2] * b[from + j + 2];
    s3 += a[aFrom + j + 3] * b[from + j + 3];
  }
  for (; j < dim; j++) s0 += a[aFrom + j] * b[from + j];
  return s0 + s1 + s2 + s3;
}

/** Cosine between a unit mean and the first `gateDim` values of a feature row (from `from`). */
function cosine(mean: ArrayLike<number>, x: ArrayLike<number>, from: number, gateDim: number): number {
  const n = Math.sqrt(dot(x, x, from, gateDim, from));
  return n > 0 ? dot(mean, x, from, gateDim) / n : 0;
}

/** A head ready to apply to a model's outputs: class indices resolved and its matrices placed once. */
export interface BoundHead {
  head: Head;
  /** Model class index of each taught class. */
  index: number[];
  lin: Linear;
  /** The frame's features (one row), the head's weights and the gate's class means, in lin. */
  x: Matrix;
  weights: Matrix;
  means: Matrix;
  /** One row each: the taught classes' logits less their bias, and the dot products with the class means (views). */
  logits: Float32Array;
  cosines: Float32Array;
  /** Where lin writes them. */
  logitsAt: Matrix;
  cosinesAt: Matrix;
  /** Scratch for the taught classes' scores. */
  scratch: Float64Array;
}

/** Resolve a head's classes against a model's. Throws when the head names a class the model lacks. */
export function bindHead(head: Head, modelClasses: string[]): BoundHead {
  const index = head.classes.map((c) => modelClasses.indexOf(c));
  const missing = head.classes.filter((_, i) => index[i] < 0);
  if (missing.length) throw new Error(`classes ${missing.join(', ')} are not the model's`);
  const k = head.classes.length, gateDim = head.gateDim ?? head.dim, lin = new Linear();
  const x = lin.matrix(1, head.dim), weights = lin.matrix(k, head.dim), means = lin.matrix(k, gateDim);
  const logitsAt = lin.matrix(1, k), cosinesAt = lin.matrix(1, k);
  lin.write(weights, head.weights);
  lin.write(means, head.means);
  return {
    head, index, lin, x, weights, means, logitsAt, cosinesAt,
    logits: lin.view(logitsAt), cosines: lin.view(cosinesAt), scratch: new Float64Array(k),
  };
}

/**
 * Adapt one frame's probabilities in place: `probs` (the model's k values from `pFrom`) become
 * g x head + (1 - g) x probs, for the frame's `dim` feature values from `eFrom`. Returns the gate g.
 */
export function applyHead(b: BoundHead, features: Float32Array, eFrom: number, probs: Float32Array, pFrom: number, k: number): number {
  const { head, index, lin, x, logits, cosines, scratch } = b;
  const gateDim = head.gateDim ?? head.dim;
  lin.write(x, features, eFrom);
  lin.abt(x, b.weights, b.logitsAt);
  lin.abt(x, b.means, b.cosinesAt, gateDim);
  const norm = Math.sqrt(dot(features, features, eFrom, gateDim, eFrom)) || 1;
  let near = -1, max = -Infinity;
  for (let c = 0; c < head.classes.length; c++) {
    near = Math.max(near, cosines[c] / norm);
    scratch[c] = head.bias[c] + logits[c];
    max = Math.max(max, scratch[c]);
  }
  let sum = 0;
  for (let c = 0; c < scratch.length; c++) sum += (scratch[c] = Math.exp(scratch[c] - max));
  const g = 1 / (1 + Math.exp(-(near - head.gateAt) / GATE_WIDTH));
  for (let c = 0; c < k; c++) probs[pFrom + c] *= 1 - g;
  for (let c = 0; c < scratch.length; c++) probs[pFrom + index[c]] += (g * scratch[c]) / sum;
  return g;
}
