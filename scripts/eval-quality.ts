/**
 * The model's `quality` output on phantom subjects it never saw: Spearman's rank correlation of the score with
 * the pose error (max of mm / 5 and degrees / 10, server/pose.ts), of the off-axis part with the angle error and
 * of the position part with the distance; and how often the meter says "too deep" (server/pipeline/quality.ts)
 * for the same poses rendered at the subject's preset depth and deeper. Frames as a sonographer makes them near a
 * view: a quarter held (hand jitter), the rest moved off by up to about 2.5 cm and 40 degrees, small moves more
 * often (the sampling the earlier ridge fit used, so the figures compare). Seeds from 900000 are held out from
 * every training and tuning set; `--first 1` uses training-range subjects (for choosing thresholds).
 *   npm run eval:quality -- [--model models/echolive-view.onnx] [--subjects 80] [--frames 40] [--first 900000] [--deeper 3,6] [--record]
 * `--record` writes the figures into the model card (outputs.quality.heldOut). Exit 2 with one line for a model
 * without a quality output or a bad option.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Engine } from '../server/inference/engine.js';
import type { ProbeState } from '../server/phantom/phantom.js';
import { detectSector } from '../server/capture/sector.js';
import { cropScale } from '../server/capture/crop-scale.js';
import { rgbToGrey } from '../server/frames.js';
import { REACHED, poseError } from '../server/pose.js';
import { offViewPose, offViewSubject } from './lib/off-view-pose.js';
import { spearman } from '../server/evaluation/ridge.js';
import { QualityMeter } from '../server/pipeline/quality.js';

function fail(reason: string): never {
  console.error(reason);
  process.exit(2);
}
const argv = process.argv.slice(2);
const opt = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] ?? fail(`${k}: needs a value`) : d);
const whole = (k: string, d: string, min: number) => {
  const v = Number(opt(k, d));
  return Number.isInteger(v) && v >= min ? v : fail(`${k}: expected a whole number from ${min}, got '${opt(k, d)}'`);
};
const modelPath = opt('--model', 'models/echolive-view.onnx');
const subjects = whole('--subjects', '80', 1);
const framesPerSubject = whole('--frames', '40', 1);
const first = whole('--first', '900000', 0);
const deeper = opt('--deeper', '3,6').split(',').map(Number);
if (deeper.some((d) => !Number.isInteger(d) || d < 1 || d > 20)) fail(`--deeper: expected whole cm 1-20, comma-separated, got '${opt('--deeper', '')}'`);

interface Sample { quality: number[][]; mm: number; deg: number; onView: boolean; reasons: Array<string | undefined> }

async function subject(engine: Engine, seed: number): Promise<Sample[]> {
  const { rng, ph, width: w, height: h } = offViewSubject(seed);
  const { width, height } = engine.input;
  const out: Sample[] = [];
  for (let k = 0; k < framesPerSubject; k++) {
    const { view, ideal, time, pose } = offViewPose(ph, rng);
    const preset = ph.presetDepth(pose);
    const quality: number[][] = [];
    const reasons: Array<string | undefined> = [];
    let onView = false;
    for (const extra of [0, ...deeper]) {
      const state: ProbeState = { pose, mode: '2d', ...(extra ? { depthCm: preset + extra } : {}) };
      const f = ph.frame(state, time);
      if (!extra) onView = f.label === view;
      const grey = rgbToGrey(f.rgb, w, h);
      const crop = cropScale(grey, detectSector(grey), width, height);
      const q = Array.from((await engine.run(Float32Array.from(crop, (v) => v / 255), 1)).quality!);
      quality.push(q);
      reasons.push(new QualityMeter().update(0, view, q, crop)?.reason);
    }
    const e = poseError(pose, ideal);
    out.push({ quality, mm: e.mm, deg: e.deg, onView, reasons });
  }
  return out;
}

const engine = await Engine.load({ model: modelPath, device: 'cpu', threads: 1 }).catch((e: Error) => fail(`${modelPath}: ${e.message}`));
if (!engine.card.outputs.quality) fail(`${modelPath}: the model has no quality output`);
const t0 = performance.now();
const samples: Sample[] = [];
for (let i = 0; i < subjects; i++) samples.push(...(await subject(engine, first + i)));
await engine.close();
const seconds = (performance.now() - t0) / 1000;

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const share = (xs: Sample[], i: number) => Math.round((1000 * xs.filter((s) => s.reasons[i] === 'too-deep').length) / Math.max(1, xs.length)) / 10;
const onView = samples.filter((s) => s.onView);
const figures = {
  subjects, frames: samples.length, firstSeed: first,
  spearmanVsPoseError: r3(spearman(samples.map((s) => s.quality[0][0]), samples.map((s) => Math.max(s.mm / REACHED.mm, s.deg / REACHED.deg)))),
  spearmanAngleVsDegrees: r3(spearman(samples.map((s) => s.quality[0][1]), samples.map((s) => s.deg))),
  spearmanPositionVsMm: r3(spearman(samples.map((s) => s.quality[0][2]), samples.map((s) => s.mm))),
  // Percent of frames the meter calls too deep, at the preset depth and each added depth (cm): all frames, and
  // those the phantom labels as the view (where a held view shows the meter).
  tooDeepPercent: Object.fromEntries([0, ...deeper].map((d, i) => [`+${d}cm`, { all: share(samples, i), onView: share(onView, i) }])),
  onViewFrames: onView.length,
};
console.error(`quality: ${samples.length} frames of ${subjects} subjects from seed ${first} in ${seconds.toFixed(0)} s`);
console.log(JSON.stringify(figures));
if (argv.includes('--record')) {
  const cardPath = modelPath.replace(/\.onnx$/i, '.json');
  const card = JSON.parse(readFileSync(cardPath, 'utf8'));
  card.outputs.quality.heldOut = figures;
  writeFileSync(cardPath, JSON.stringify(card, null, 2));
}
