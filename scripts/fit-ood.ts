/**
 * Fits the model card's unfamiliar-image rule (`ood`, score `embedding-logit`): a logistic regression on the
 * model's embedding, ultrasound against everything else, whose log-odds above 0 call a frame "not an ultrasound
 * image" (the dashboard: "Unfamiliar image: is this an echo screen?"). Energy and max-logit could not serve: on
 * the shipped model real echo frames score less familiar than ffmpeg's test patterns (docs/model.md).
 *   familiar:   phantom frames of training subjects (the dataset mix: views, transitional, off-body, blank; the
 *               Doppler and M-mode screens also cut to their time display, as the kit trains on them) and
 *               the unlabelled adapt halves of ../shared/real (pool: real echo; negatives: breast ultrasound),
 *               imported by scripts/import-real-adapt.ts; without them it fits on the phantom alone and says so;
 *   unfamiliar: ffmpeg's synthetic video sources (test cards, colour bars, fractals, cellular automata, colour
 *               lookup tables), a few sizes and moments each, through the live capture path (sector detection,
 *               crop, resize), so nothing is downloaded and no real non-echo picture is fitted on.
 * Checked before writing: each pattern kind left out of the fit in turn (the share of its frames flagged),
 * held-out phantom subjects frame by frame, and steady one-view clips of held-out subjects through the live
 * smoother's unfamiliar flag (it must never rise). `npm run eval:real` then measures val, the pool's and the
 * negatives' measure halves. Writes only the card's `ood` block.
 *   npm run fit:ood -- [--model models/echolive-view.onnx] [--subjects 150] [--held-out 40] [--measure <dataset>]
 * `--measure` prints the share flagged of any other dataset (e.g. photos and screenshots made with `dataset import`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Engine } from '../server/inference/engine.js';
import { ffmpegPath } from '../server/capture/ffmpeg-path.js';
import { detectSector } from '../server/capture/sector.js';
import { cropScale } from '../server/capture/crop-scale.js';
import { rgbToGrey } from '../server/frames.js';
import { marginLayout, sectorCrop } from '../server/dataset/margin.js';
import { readDataset } from '../server/dataset/reader.js';
import { sampleClip, sampleSubject } from '../server/dataset/phantom-sampler.js';
import { fitHead } from '../server/teach/head.js';
import { UnfamiliarTracker, judgeFrame } from '../server/pipeline/unfamiliar.js';
import { temporalDefaults } from '../server/config/temporal.js';
import { MODE_VIEWS, VIEW_IDS } from '../server/views.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const modelPath = arg('--model', 'models/echolive-view.onnx');
const cardPath = modelPath.replace(/\.onnx$/i, '.json');
const subjects = Number(arg('--subjects', '150'));
const heldOut = Number(arg('--held-out', '40'));
const measure = arg('--measure', '');
const REAL_ADAPT = ['.tmp/pool-adapt', '.tmp/negatives-adapt'];
const FRAMES_PER_SUBJECT = 40;
const HELD_OUT_SEED = 900_000;
/** L2 penalty and full-batch steps of the regression (server/teach/head.ts): a smooth rule, not a memorised one. */
const FIT = { lambda: 1e-2, steps: 200 };

/** ffmpeg's synthetic sources: [kind, lavfi source] (each kind is left out in turn when checking). */
const PATTERNS: Array<[string, string]> = [
  ['testsrc', 'testsrc'], ['testsrc2', 'testsrc2'], ['smptebars', 'smptebars'], ['smptehdbars', 'smptehdbars'],
  ['pal75bars', 'pal75bars'], ['pal100bars', 'pal100bars'], ['rgbtestsrc', 'rgbtestsrc'], ['yuvtestsrc', 'yuvtestsrc'],
  ['mandelbrot', 'mandelbrot'], ['mandelbrot', 'mandelbrot=start_scale=0.3:start_x=-0.74:start_y=0.18'],
  ['life', 'life=ratio=0.3:mold=10:seed=1'], ['life', 'life=ratio=0.6:seed=7'],
  ['cellauto', 'cellauto=rule=30:seed=3'], ['cellauto', 'cellauto=rule=110:seed=5:scroll=0'],
  ['haldclutsrc', 'haldclutsrc=level=6'], ['haldclutsrc', 'haldclutsrc=level=8'],
];
const SIZES: Array<[number, number]> = [[320, 240], [640, 480], [1280, 720]];
/** Frames per source and size, 0.5 s apart (sources that move change between them). */
const MOMENTS = 4;

const engine = await Engine.load({ model: modelPath, device: 'cpu', threads: 2 });
const { width, height } = engine.input;
const dim = engine.card.outputs.embedding?.shape[1];
if (!dim) {
  console.error(`${modelPath}: has no embedding output to fit an unfamiliar-image rule on`);
  process.exit(2);
}

/** Embeddings of model-input crops (0-255, width x height each), in batches. */
async function embed(crops: Uint8Array[]): Promise<Float32Array> {
  const out = new Float32Array(crops.length * dim!);
  for (let i = 0; i < crops.length; i += 256) {
    const chunk = crops.slice(i, i + 256);
    const x = new Float32Array(chunk.length * width * height);
    chunk.forEach((c, j) => x.set(Float32Array.from(c, (v) => v / 255), j * width * height));
    out.set((await engine.run(x, chunk.length)).embedding, i * dim!);
  }
  return out;
}

/** The model-input crops of a dataset written by `dataset` or `dataset import`. */
function datasetCrops(dir: string): Uint8Array[] {
  const ds = readDataset(dir);
  const size = ds.layout.width * ds.layout.height;
  return ds.labels.map((_, i) => sectorCrop(ds.frames.subarray(i * size, (i + 1) * size), ds.layout, width, height));
}

/** One lavfi source scaled to one size, MOMENTS frames, through grey -> sector -> crop as the live path does. */
function patternCrops(source: string, [w, h]: [number, number]): Uint8Array[] {
  const r = spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', `${source}${source.includes('=') ? ':' : '='}rate=2,scale=${w}:${h}`,
    '-frames:v', String(MOMENTS), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: MOMENTS * w * h * 3 + 1024 });
  if (r.status !== 0) throw new Error(`ffmpeg ${source}: ${String(r.stderr).trim().split('\n')[0]}`);
  const frames: Uint8Array[] = [];
  for (let k = 0; (k + 1) * w * h * 3 <= r.stdout.length; k++) {
    const grey = rgbToGrey(new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + k * w * h * 3, w * h * 3), w, h);
    frames.push(cropScale(grey, detectSector(grey), width, height));
  }
  return frames;
}

const layout = marginLayout(width, height, 0.125);
const phantomCrops = (seed: number) => sampleSubject(seed, FRAMES_PER_SUBJECT, layout).map((f) => ({ crop: sectorCrop(f.frame, layout, width, height), label: f.label ?? 'none' }));

/** Doppler and M-mode screens cut to their time display, as the kit trains on them (training/augment.py,
 * `display_only`: real screens often reach the model so); each such frame once more, cut at 35-55% of its height. */
const TIME_DISPLAYS = new Set(Object.keys(MODE_VIEWS));
const CUTS = [0.35, 0.4, 0.45, 0.5, 0.55];
const displayOnly = (crop: Uint8Array, k: number) => {
  const top = Math.round(height * CUTS[k % CUTS.length]);
  return cropScale({ data: crop, width, height }, { x: 0, y: top, w: width, h: height - top }, width, height);
};

const t0 = performance.now();
const phantom = Array.from({ length: subjects }, (_, s) => phantomCrops(s + 1)).flat();
const cuts = phantom.filter((f) => TIME_DISPLAYS.has(f.label)).map((f, k) => displayOnly(f.crop, k));
const familiar: Uint8Array[] = [...phantom.map((f) => f.crop), ...cuts];
const realUsed = REAL_ADAPT.filter((d) => existsSync(`${d}/manifest.json`)).map((dataset) => {
  const crops = datasetCrops(dataset);
  familiar.push(...crops);
  return { dataset, frames: crops.length };
});
if (realUsed.length < REAL_ADAPT.length) console.log(`fit:ood: ${REAL_ADAPT.filter((d) => !realUsed.some((r) => r.dataset === d)).join(', ')} absent (scripts/import-real-adapt.ts makes them from ../shared/real): fitting without`);
const kinds: string[] = [];
const unfamiliar: Uint8Array[] = [];
for (const [kind, source] of PATTERNS) {
  for (const size of SIZES) {
    const crops = patternCrops(source, size);
    unfamiliar.push(...crops);
    kinds.push(...crops.map(() => kind));
  }
}
const famE = await embed(familiar), unfE = await embed(unfamiliar);

/** Fit on the familiar frames and the unfamiliar ones kept by `keep` (fitHead weighs the two sides the same); returns the rule. */
function fit(keep: (i: number) => boolean): { weights: number[]; bias: number } {
  const kept = unfamiliar.map((_, i) => i).filter(keep);
  const x = new Float32Array((familiar.length + kept.length) * dim!);
  x.set(famE);
  kept.forEach((i, j) => x.set(unfE.subarray(i * dim!, (i + 1) * dim!), (familiar.length + j) * dim!));
  const head = fitHead(x, [...familiar.map(() => 'ultrasound'), ...kept.map(() => 'other')], dim!, FIT);
  const o = head.classes.indexOf('other'), u = head.classes.indexOf('ultrasound');
  const weights = Array.from({ length: dim! }, (_, j) => head.weights[o * dim! + j] - head.weights[u * dim! + j]);
  return { weights, bias: head.bias[o] - head.bias[u] };
}

const ruleOf = (w: { weights: number[]; bias: number }) => ({ score: 'embedding-logit' as const, ...w, threshold: 0, direction: 'above' as const });
/** Whether frame i of n embeddings E is flagged by the rule (the rule reads the embedding only). */
const flags = (rule: ReturnType<typeof ruleOf>, E: Float32Array, i: number, n: number) => judgeFrame(rule, { probs: new Float32Array(0), embedding: E }, i, n) === true;
/** The share of the picked frames flagged, percent to 0.1. */
const flagged = (rule: ReturnType<typeof ruleOf>, E: Float32Array, n: number, pick: (i: number) => boolean = () => true) => {
  let hit = 0, all = 0;
  for (let i = 0; i < n; i++) if (pick(i)) all++, (hit += flags(rule, E, i, n) ? 1 : 0);
  return Math.round((1000 * hit) / Math.max(1, all)) / 10;
};

// Each kind left out of the fit in turn: how much of it the rule still flags.
const leftOut: Record<string, number> = {};
for (const kind of new Set(kinds)) leftOut[kind] = flagged(ruleOf(fit((i) => kinds[i] !== kind)), unfE, unfamiliar.length, (i) => kinds[i] === kind);
const rule = ruleOf(fit(() => true));

// Held-out phantom subjects, frame by frame (views and none apart), and steady clips through the live flag.
const held = [] as Array<{ crop: Uint8Array; label: string }>;
for (let s = 0; s < heldOut; s++) held.push(...phantomCrops(HELD_OUT_SEED + s));
const heldE = await embed(held.map((h) => h.crop));
const views = (i: number) => held[i].label !== 'none';
let clipsRaised = 0, clips = 0;
const fps = 15;
for (let s = 0; s < Math.min(heldOut, 10); s++) {
  for (const view of VIEW_IDS) {
    const frames = sampleClip(HELD_OUT_SEED + s, view, 2 * fps, fps, layout);
    const E = await embed(frames.map((f) => sectorCrop(f.frame, layout, width, height)));
    const tracker = new UnfamiliarTracker(temporalDefaults);
    let raised = false;
    frames.forEach((_, i) => (raised = tracker.update(i / fps, flags(rule, E, i, frames.length)) || raised));
    clips++;
    clipsRaised += raised ? 1 : 0;
  }
}
const fitted = {
  familiar: { phantomFrames: phantom.length, timeDisplayCuts: cuts.length, phantomSubjects: subjects, real: realUsed },
  unfamiliar: { frames: unfamiliar.length, sources: PATTERNS.map(([, s]) => s), sizes: SIZES.map(([w, h]) => `${w}x${h}`), framesPerSourceAndSize: MOMENTS },
  regression: { ...FIT, balanced: true },
  checks: {
    patternKindLeftOutFlaggedPercent: leftOut,
    heldOutPhantom: { subjects: heldOut, firstSeed: HELD_OUT_SEED, viewFramesFlaggedPercent: flagged(rule, heldE, held.length, views), noneFramesFlaggedPercent: flagged(rule, heldE, held.length, (i) => !views(i)) },
    heldOutClipsRaised: { clips, raised: clipsRaised, seconds: 2, fps, views: VIEW_IDS.length },
  },
};
const measuredCrops = measure ? datasetCrops(measure) : [];
const extra = measure ? { measured: { dataset: measure, frames: measuredCrops.length, flaggedPercent: flagged(rule, await embed(measuredCrops), measuredCrops.length) } } : {};
await engine.close();

const card = JSON.parse(readFileSync(cardPath, 'utf8'));
const round = (v: number) => Math.round(v * 1e6) / 1e6;
card.ood = { ...rule, weights: rule.weights.map(round), bias: round(rule.bias), fitted };
writeFileSync(cardPath, JSON.stringify(card, null, 2));
console.log(JSON.stringify({ model: modelPath, seconds: Math.round((performance.now() - t0) / 100) / 10, ...fitted.checks, ...extra }));
