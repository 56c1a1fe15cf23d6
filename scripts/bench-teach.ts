/**
 * Teaching's costs on this machine: fitting a head for 15 views x 50 taught frames (the issue's bound: under
 * a second on the 2 cores), and what an applied head adds to every live frame (bound: under 0.1 ms), beside
 * the model's own time per frame. Embeddings are the shipped model's, of phantom frames in the bronze-mirrored
 * look (one subject per view set, jittered probe, 50 frames a view). `--fine-tune` also times one fine-tuning of the
 * network on the same frames (`teach --fine-tune`'s settings; no bound in the issue beyond "a minute or two").
 *   npm run bench:teach -- [--frames 50] [--fine-tune] [--json docs/bench/teach.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Engine } from '../server/inference/engine.js';
import { DEFAULT_MODEL } from '../server/config/inference.js';
import { Phantom } from '../server/phantom/phantom.js';
import { CropTracker } from '../server/capture/crop-tracker.js';
import { rgbToGrey } from '../server/frames.js';
import { packFrames } from '../server/pipeline/classifier.js';
import { VIEW_IDS } from '../server/views.js';
import { batchFeatures, featureWidth } from '../server/teach/features.js';
import { fitHead } from '../server/teach/head.js';
import { StreamTeacher } from '../server/teach/stream-teacher.js';
import { tuneFor } from '../server/tuned-engine.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const perView = Number(arg('--frames', '50'));
const jsonOut = process.argv.includes('--json') ? arg('--json', '') : null;
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

const engine = await Engine.load({ model: DEFAULT_MODEL, device: 'cpu' });
const dim = engine.card.outputs.embedding.shape[1], k = engine.classes.length;
const ph = new Phantom(301, 320, 240, 'bronze-mirrored');
const crops: Uint8Array[] = [], labels: string[] = [];
for (const v of VIEW_IDS) {
  const tracker = new CropTracker();
  for (let f = 0; f < perView; f++) {
    const s = ph.canonical(v);
    const frame = ph.frame({ ...s, pose: ph.jitter(s.pose, f / 10) }, f / 10);
    crops.push(tracker.crop(rgbToGrey(frame.rgb, 320, 240), engine.input.width, engine.input.height));
    labels.push(v);
  }
}
let modelMs = 0;
const embeddings = new Float32Array(crops.length * dim), probs = new Float32Array(crops.length * k);
for (let i = 0; i < crops.length; i += 32) {
  const chunk = crops.slice(i, i + 32);
  const t0 = performance.now();
  const o = await engine.run(packFrames(chunk, engine.frameSize), chunk.length);
  modelMs += performance.now() - t0;
  embeddings.set(o.embedding, i * dim);
  probs.set(o.probs, i * k);
}
await engine.close();

// What Apply does: the features of the taught frames (features.ts), then the fit.
const { width, height } = engine.input;
const fitOnce = () => {
  const features = batchFeatures(embeddings, dim, packFrames(crops, engine.frameSize), crops.length, width, height);
  return fitHead(features, labels, featureWidth(dim), { gateDim: dim });
};
const fits: number[] = [];
let head = fitOnce();
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  head = fitOnce();
  fits.push(performance.now() - t0);
}
const teacher = new StreamTeacher(engine.classes, engine.input, { everyNth: 3, maxFramesPerClass: 100 });
teacher.use(head, 'bench');
const n = crops.length, rounds = 40;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (let i = 0; i < n; i++) teacher.adapt({ probs: probs.subarray(i * k, (i + 1) * k), embedding: embeddings.subarray(i * dim, (i + 1) * dim) }, crops[i]);
const applyMs = (performance.now() - t0) / (rounds * n);

const fineTune = process.argv.includes('--fine-tune') ? await tuneFor(engine, DEFAULT_MODEL, crops, labels) : null;

const result = {
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
  taught: { views: VIEW_IDS.length, framesPerView: perView, embedding: dim, features: featureWidth(dim) },
  fitMs: { median: round(fits.sort((a, b) => a - b)[2], 1), min: round(fits[0], 1), max: round(fits[4], 1) },
  headMsPerFrame: round(applyMs),
  modelMsPerFrame: round(modelMs / n),
  ...(fineTune ? { fineTune: { seconds: round(fineTune.seconds, 1), ...fineTune.options } } : {}),
};
console.log(JSON.stringify(result));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n');
