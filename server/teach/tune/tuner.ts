/**
 * Fine-tuning the view network on taught frames ("deep teach"): the network's last layers and view head trained on
 * the taught frames for a few hundred small steps, with batch norm on each batch's own statistics, then batch norm's
 * statistics re-estimated on the taught frames. On real scans that adapts the features themselves to the machine,
 * where a taught head alone can only reweigh the phantom's features (docs/model.md, "Teaching"). TensorFlow.js
 * (WebAssembly backend) does the gradients; the result is a set of replaced weights for the ONNX file
 * (onnx-weights.ts), so the live path keeps running it in onnxruntime at the same speed.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { seededRandom } from '../../random.js';
import { augmentCrop } from './augment.js';
import type { Tunable } from './onnx-weights.js';

export interface TuneOptions {
  /** Optimiser steps (default 150). */
  steps: number;
  /** Frames a step, drawn at random from the taught ones (default 32). */
  batch: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate: number;
  /** Convolutions trained, counted from the last (default 3: the third block and the last convolution); the head always. */
  trainLast: number;
  /** Seed for the batches, augmentation and dropout. */
  seed: number;
}

export const TUNE_DEFAULTS: TuneOptions = { steps: 150, batch: 32, learningRate: 1e-3, trainLast: 3, seed: 1 };

/** Most frames whose statistics batch norm is re-estimated on (a random subset beyond it). */
const STATS_FRAMES = 512;
/** The kit's per-image standardisation (training/model.py Standardize). */
const STD_EPS = 1e-3;
const DROPOUT = 0.2;

let backend: Promise<void> | null = null;
/** TensorFlow.js on its WebAssembly backend, once per process (the pure-JS one is ten times slower). */
function ready(): Promise<void> {
  backend ??= tf.setBackend('wasm').then(async (ok) => {
    if (!ok) await tf.setBackend('cpu');
    await tf.ready();
  });
  return backend;
}

/** A 3 x 3 same convolution whose filter gradient is one matrix product (the WebAssembly backend has no Conv2DBackpropFilter). */
const conv3 = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => {
      const [n, h, wd, ci] = xs.shape as number[], co = ws.shape[3] as number;
      const dx = tf.conv2d(dy as tf.Tensor4D, tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, 'same');
      const xp = tf.pad(xs, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const taps: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) taps.push(tf.slice(xp, [0, i, j, 0], [n, h, wd, ci]));
      const cols = tf.transpose(tf.reshape(tf.concat(taps, 3), [n * h * wd, 9 * ci]));
      return [dx, tf.reshape(tf.matMul(cols, tf.reshape(dy, [n * h * wd, co])), [3, 3, ci, co])];
    },
  };
});

interface Layer {
  w: tf.Tensor4D;
  scale: tf.Tensor1D;
  bias: tf.Tensor1D;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  epsilon: number;
  pool: boolean;
  trained: boolean;
}

/** The chain's weights as tensors (variables where trained). */
function build(t: Tunable, trainLast: number): { layers: Layer[]; headW: tf.Tensor2D; headB: tf.Tensor1D } {
  const get = (name: string) => t.tensors.get(name)!;
  const first = t.layers.length - trainLast;
  const layers = t.layers.map((l, i) => {
    const trained = i >= first;
    const v = <T extends tf.Tensor>(x: T) => (trained ? (tf.variable(x) as unknown as T) : x);
    return {
      w: v(tf.transpose(tf.tensor4d(get(l.weight), l.shape), [2, 3, 1, 0])),
      scale: v(tf.tensor1d(get(l.bn.scale))), bias: v(tf.tensor1d(get(l.bn.bias))),
      mean: tf.tensor1d(get(l.bn.mean)), variance: tf.tensor1d(get(l.bn.variance)),
      epsilon: l.bn.epsilon, pool: l.pool, trained,
    };
  });
  const c = t.layers.at(-1)!.shape[0];
  return { layers, headW: tf.variable(tf.tensor2d(get(t.head.weight), [t.head.classes, c])), headB: tf.variable(tf.tensor1d(get(t.head.bias))) };
}

/**
 * The chain's view logits for frames (n x height x width, 0-1). `batchStats`: batch norm on the batch's own statistics
 * (training), which `stats` then receives per layer; else on the stored ones (as onnxruntime runs it).
 */
function forward(net: ReturnType<typeof build>, x: tf.Tensor4D, batchStats: boolean, dropoutSeed?: number, stats?: Array<[tf.Tensor, tf.Tensor]>): tf.Tensor2D {
  const m = tf.mean(x, [1, 2, 3], true);
  let h = tf.div(tf.sub(x, m), tf.add(tf.sqrt(tf.mean(tf.square(tf.sub(x, m)), [1, 2, 3], true)), STD_EPS)) as tf.Tensor4D;
  for (const l of net.layers) {
    h = (l.trained ? conv3(h, l.w) : tf.conv2d(h, l.w, 1, 'same')) as tf.Tensor4D;
    const { mean, variance } = batchStats ? tf.moments(h, [0, 1, 2]) : { mean: l.mean, variance: l.variance };
    stats?.push([mean, variance]);
    h = tf.relu(tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, l.epsilon))), l.scale), l.bias)) as tf.Tensor4D;
    if (l.pool) h = tf.maxPool(h, 2, 2, 'valid');
  }
  let f = tf.mean(h, [1, 2]) as tf.Tensor2D;
  if (dropoutSeed !== undefined) f = tf.dropout(f, DROPOUT, undefined, dropoutSeed) as tf.Tensor2D;
  return tf.add(tf.matMul(f, net.headW, false, true), net.headB);
}

/** Every tensor of a built chain, to dispose of. */
const tensorsOf = (net: ReturnType<typeof build>) => [net.headW, net.headB, ...net.layers.flatMap((l) => [l.w, l.scale, l.bias, l.mean, l.variance])];

/** Crops as floats 0-1 (no augmentation). */
const asFloats = (c: Uint8Array) => Float32Array.from(c, (v) => v / 255);

const pack = (frames: Float32Array[], width: number, height: number) => {
  const x = new Float32Array(frames.length * width * height);
  frames.forEach((f, i) => x.set(f, i * width * height));
  return tf.tensor4d(x, [frames.length, height, width, 1]);
};

/** The chain's view logits with its stored statistics (n x classes): what onnxruntime's `logits` output gives. */
export async function chainLogits(t: Tunable, crops: Uint8Array[], width: number, height: number): Promise<Float32Array> {
  await ready();
  const net = build(t, 0);
  const x = pack(crops.map(asFloats), width, height);
  const out = tf.tidy(() => forward(net, x, false).dataSync() as Float32Array);
  tf.dispose([x, ...tensorsOf(net)]);
  return out;
}

export interface TuneResult {
  /** Replaced initialisers by ONNX name: the trained weights, and every batch norm's re-estimated statistics. */
  tensors: Map<string, Float32Array>;
  /** The settings it ran with. */
  options: TuneOptions;
  /** Mean loss over the first and the last tenth of the steps. */
  loss: { first: number; last: number };
  seconds: number;
}

/** Fine-tune on taught crops (uint8, width x height) and their class indices in the model's output order. */
export async function tune(t: Tunable, crops: Uint8Array[], labels: number[], width: number, height: number, options: Partial<TuneOptions> = {}): Promise<TuneResult> {
  const o = { ...TUNE_DEFAULTS, ...options };
  if (!crops.length || crops.length !== labels.length) throw new Error('tune: needs taught frames and one label each');
  await ready();
  const t0 = performance.now();
  const rnd = seededRandom(o.seed);
  const net = build(t, Math.min(o.trainLast, t.layers.length));
  const vars = [...net.layers.filter((l) => l.trained).flatMap((l) => [l.w, l.scale, l.bias]), net.headW, net.headB] as tf.Variable[];
  const opt = tf.train.adam(o.learningRate);
  const losses: number[] = [];
  const batch = Math.min(o.batch, crops.length);
  for (let s = 0; s < o.steps; s++) {
    const pick = Array.from({ length: batch }, () => Math.floor(rnd() * crops.length));
    const x = pack(pick.map((i) => augmentCrop(crops[i], width, height, rnd)), width, height);
    const y = tf.oneHot(tf.tensor1d(pick.map((i) => labels[i]), 'int32'), t.head.classes);
    const seed = Math.floor(rnd() * 2 ** 31);
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(net, x, true, seed)) as tf.Scalar, true, vars)!;
    losses.push((await loss.data())[0]);
    tf.dispose([x, y, loss]);
  }
  // Batch norm's statistics from the taught frames as they are (not augmented), with the final weights.
  const sub = crops.length > STATS_FRAMES ? crops.map((_, i) => [rnd(), i] as const).sort((a, b) => a[0] - b[0]).slice(0, STATS_FRAMES).map(([, i]) => crops[i]) : crops;
  const x = pack(sub.map(asFloats), width, height);
  const tensors = new Map<string, Float32Array>();
  tf.tidy(() => {
    const stats: Array<[tf.Tensor, tf.Tensor]> = [];
    forward(net, x, true, undefined, stats);
    t.layers.forEach((l, i) => {
      const [mean, variance] = stats[i];
      tensors.set(l.bn.mean, mean.dataSync() as Float32Array);
      tensors.set(l.bn.variance, variance.dataSync() as Float32Array);
      const nl = net.layers[i];
      if (!nl.trained) return;
      tensors.set(l.weight, tf.transpose(nl.w, [3, 2, 0, 1]).dataSync() as Float32Array);
      tensors.set(l.bn.scale, nl.scale.dataSync() as Float32Array);
      tensors.set(l.bn.bias, nl.bias.dataSync() as Float32Array);
    });
    tensors.set(t.head.weight, net.headW.dataSync() as Float32Array);
    tensors.set(t.head.bias, net.headB.dataSync() as Float32Array);
  });
  tf.dispose([x, ...tensorsOf(net)]);
  opt.dispose();
  const tenth = Math.max(1, Math.floor(losses.length / 10));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { tensors, options: o, loss: { first: avg(losses.slice(0, tenth)), last: avg(losses.slice(-tenth)) }, seconds: (performance.now() - t0) / 1000 };
}
