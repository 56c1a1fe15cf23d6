/**
 * Classify speed and per-frame inference time, with the same architecture timed in TensorFlow.js (wasm and
 * cpu backends) for the ratio that justifies ONNX Runtime. Prints one JSON object.
 *   tsx scripts/bench-classify.ts [--device cpu|webgpu|auto] [--threads n] [--no-tfjs] [--engine-only] [--clip path]
 * --engine-only skips the clip (for machines without ffmpeg, such as the GPU machines here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Engine, type Device } from '../server/inference/engine.js';
import { DEFAULT_MODEL } from '../server/config/inference.js';
import { cardPathFor } from '../server/inference/model-card.js';
import { classifyInput } from '../server/commands/classify.js';

const arg = (k: string, d?: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const device = (arg('--device', 'cpu') as Device);
const clip = arg('--clip', '.tmp/bench-10s-800x600.mp4')!;
const root = new URL('../', import.meta.url).pathname;

const engineOnly = process.argv.includes('--engine-only');
if (!engineOnly && !existsSync(clip)) {
  mkdirSync('.tmp', { recursive: true });
  execFileSync(process.execPath, [`${root}bin/echolive.js`, 'simulate', '--tour', '--seconds', '10', '--size', '800x600', '--out', clip], { stdio: 'inherit' });
}

async function timeIt(fn: () => Promise<unknown>, reps: number): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

const engine = await Engine.load({ model: DEFAULT_MODEL, device, threads: Number(arg('--threads', '1')) });
const px = engine.frameSize;
const one = new Float32Array(px).map((_, i) => (i % 97) / 97);
const batch8 = new Float32Array(px * 8).map((_, i) => (i % 91) / 91);
const batch = new Float32Array(px * 32).map((_, i) => (i % 89) / 89);
const ortOne = await timeIt(() => engine.run(one, 1), 300);
const ortBatch8 = (await timeIt(() => engine.run(batch8, 8), 200)) / 8;
const ortBatch = (await timeIt(() => engine.run(batch, 32), 100)) / 32;
const big = new Float32Array(px * 128).map((_, i) => (i % 83) / 83);
const ortBig = (await timeIt(() => engine.run(big, 128), 30)) / 128;
let classify: Record<string, unknown> | null = null;
if (!engineOnly) {
  const t0 = performance.now();
  const r = await classifyInput(clip, engine, 10);
  const s = (performance.now() - t0) / 1000;
  classify = { clip, frames: r.frames, seconds: +s.toFixed(2), fps: +(r.frames / s).toFixed(1), xRealtime: +(r.frames / s / 30).toFixed(1) };
}

const result: Record<string, unknown> = {
  machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`,
  device: engine.provider,
  model: { input: `${engine.card.input.width}x${engine.card.input.height}`, outputs: Object.keys(engine.card.outputs) },
  ort: { msPerFrameBatch1: +ortOne.toFixed(3), msPerFrameBatch8: +ortBatch8.toFixed(4), msPerFrameBatch32: +ortBatch.toFixed(4), framesPerSecondBatch128: Math.round(1000 / ortBig) },
  classify,
};

if (!process.argv.includes('--no-tfjs')) {
  // The same architecture as the card's (ViewNet: blocks of 3x3 convs with batch norm and max pooling, a conv
  // twice the last block's width, global average pooling, a dense layer) in TensorFlow.js, NHWC, random
  // weights: only speed is compared.
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const arch = JSON.parse(readFileSync(cardPathFor(DEFAULT_MODEL), 'utf8')).architecture as { blocks: number[]; convsPerBlock?: number[]; head: number };
  const { width: w, height: h } = engine.card.input;
  const build = () => {
    const m = tf.sequential();
    const conv = (filters: number, first = false) => {
      m.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, ...(first ? { inputShape: [h, w, 1] } : {}) }));
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.reLU());
    };
    arch.blocks.forEach((filters, i) => {
      for (let c = 0; c < (arch.convsPerBlock?.[i] ?? 2); c++) conv(filters, i === 0 && c === 0);
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    conv(arch.head);
    m.add(tf.layers.globalAveragePooling2d({}));
    m.add(tf.layers.dense({ units: engine.card.classes.length, activation: 'softmax' }));
    return m;
  };
  const tfjs: Record<string, unknown> = {};
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const m = build();
    const x1 = tf.randomUniform([1, h, w, 1]);
    const x32 = tf.randomUniform([32, h, w, 1]);
    const run = (x: typeof x1) => async () => {
      const y = m.predict(x) as typeof x1;
      await y.data();
      y.dispose();
    };
    const one1 = await timeIt(run(x1), backend === 'cpu' ? 20 : 100);
    const b32 = (await timeIt(run(x32), backend === 'cpu' ? 5 : 20)) / 32;
    tfjs[backend] = { msPerFrameBatch1: +one1.toFixed(3), msPerFrameBatch32: +b32.toFixed(4), ortSpeedupBatch1: +(one1 / ortOne).toFixed(1), ortSpeedupBatch32: +(b32 / ortBatch).toFixed(1) };
  }
  result.tfjs = tfjs;
}
await engine.close();
console.log(JSON.stringify(result, null, 2));
