/**
 * Fits the model's `quality` output: image quality 0-100 for the current view (server/pose.ts `poseScore`),
 * with its off-axis and position parts. The phantom renders frames at poses moved off each 2D view's ideal pose
 * by random amounts (and some held as a sonographer holds a view), and a share of the training subjects' frames
 * imaged 2-10 cm deeper than the preset, whose score (not its two pose parts) is capped by `depthScore`, so that a
 * score well under both parts says "too deep" (server/pipeline/quality.ts). The shipped model's embedding and
 * probabilities of each frame feed three ridge regressions (training subjects), which are checked on other
 * subjects (held-out seeds, preset depth) with Spearman's rank correlation against the pose error. The heads go
 * into the ONNX graph as one more output, `quality` [-1, 3] = clip(concat(embedding, probs) W + b, 0, 100),
 * replacing an earlier fit's; the card declares it, with the held-out figures and `checkedOnReal: false` (the
 * phantom knows poses, real images do not). `npm run eval:quality` measures it further.
 *   npm run fit:quality -- [--model models/echolive-view.onnx] [--train 200] [--held-out 80] [--frames 40]
 * Refuses (exit 2, one line) a model without embedding.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { Engine } from '../server/inference/engine.js';
import { detectSector } from '../server/capture/sector.js';
import { cropScale } from '../server/capture/crop-scale.js';
import { rgbToGrey } from '../server/frames.js';
import { type PoseError, REACHED, depthScore, poseError, poseScore } from '../server/pose.js';
import { Rng } from '../server/phantom/rng.js';
import { offViewPose, offViewSubject } from './lib/off-view-pose.js';
import { ridge, spearman } from '../server/evaluation/ridge.js';

const { onnx } = onnxProto;
const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const modelPath = arg('--model', 'models/echolive-view.onnx');
const cardPath = modelPath.replace(/\.onnx$/i, '.json');
const trainSubjects = Number(arg('--train', '200'));
const heldOutSubjects = Number(arg('--held-out', '80'));
const framesPerSubject = Number(arg('--frames', '40'));
const LAMBDA = 1;
/** Share of the training frames imaged too deep, and by how much (cm, whole), as `dataset --degrade` does. */
const DEEP_SHARE = 0.3;
const EXTRA_DEPTH_CM: [number, number] = [2, 10];
/** Held-out subjects are seeds from here on; training subjects come before. */
const HELD_OUT_SEED = 900_000;

function fail(reason: string): never {
  console.error(`${modelPath}: ${reason}`);
  process.exit(2);
}

interface Sample { features: Float32Array; error: PoseError; extraDepthCm: number }

/** A subject's frames; `deep`: image a share of them too deep (from a stream of its own: the poses stay the same). */
async function sample(engine: Engine, seed: number, deep: boolean): Promise<Sample[]> {
  const { rng, ph, width: w, height: h } = offViewSubject(seed);
  const depthRng = new Rng(seed ^ 0x2545f491);
  const { width, height } = engine.input;
  const out: Sample[] = [];
  for (let k = 0; k < framesPerSubject; k++) {
    const { ideal, time, pose } = offViewPose(ph, rng);
    const extraDepthCm = deep && depthRng.next() < DEEP_SHARE ? depthRng.int(EXTRA_DEPTH_CM[0], EXTRA_DEPTH_CM[1] + 1) : 0;
    const f = ph.frame({ pose, mode: '2d', ...(extraDepthCm ? { depthCm: ph.presetDepth(pose) + extraDepthCm } : {}) }, time);
    const grey = rgbToGrey(f.rgb, w, h);
    const crop = cropScale(grey, detectSector(grey), width, height);
    const o = await engine.run(Float32Array.from(crop, (v) => v / 255), 1);
    out.push({ features: Float32Array.from([...o.embedding, ...o.probs]), error: poseError(pose, ideal), extraDepthCm });
  }
  return out;
}

const engine = await Engine.load({ model: modelPath, device: 'cpu', threads: 1 });
if (!engine.card.outputs.embedding) fail('has no embedding output to fit quality on');
const t0 = performance.now();
const train: Sample[] = [], held: Sample[] = [];
for (let i = 0; i < trainSubjects; i++) train.push(...(await sample(engine, 1 + i, true)));
for (let i = 0; i < heldOutSubjects; i++) held.push(...(await sample(engine, HELD_OUT_SEED + i, false)));
await engine.close();
const seconds = (performance.now() - t0) / 1000;

const t = train.map((x) => {
  const p = poseScore(x.error);
  return { ...p, score: Math.min(p.score, depthScore(x.extraDepthCm)) };
});
const heads = (['score', 'angle', 'position'] as const).map((k) => ridge(train.map((x) => x.features), t.map((y) => y[k]), LAMBDA));
const predict = (x: Float32Array, w: Float64Array) => Math.min(100, Math.max(0, x.reduce((a, v, i) => a + v * w[i], w[x.length])));
const err = held.map((x) => Math.max(x.error.mm / REACHED.mm, x.error.deg / REACHED.deg));
const rho = spearman(held.map((x) => predict(x.features, heads[0])), err);
const rhoAngle = spearman(held.map((x) => predict(x.features, heads[1])), held.map((x) => x.error.deg));
const rhoPosition = spearman(held.map((x) => predict(x.features, heads[2])), held.map((x) => x.error.mm));
console.error(`quality: ${train.length} training frames, ${held.length} held-out frames in ${seconds.toFixed(0)} s; held-out Spearman vs pose error ${rho.toFixed(3)} (angle part vs angle ${rhoAngle.toFixed(3)}, position part vs distance ${rhoPosition.toFixed(3)})`);

// Into the graph: quality = Clip(MatMul(Concat(embedding, probs), W) + b, 0, 100).
const model = onnx.ModelProto.decode(readFileSync(modelPath));
const graph = model.graph ?? fail('no graph');
// An earlier fit's head goes first: its nodes, weights and output are all named quality*.
graph.node = graph.node!.filter((n) => !n.name?.startsWith('quality_'));
graph.initializer = graph.initializer!.filter((t) => !t.name?.startsWith('quality_'));
graph.output = graph.output!.filter((o) => o.name !== 'quality');
const F = onnx.TensorProto.DataType.FLOAT;
const d = train[0].features.length;
const W: number[] = [];
for (let i = 0; i < d; i++) for (const h of heads) W.push(h[i]);
graph.initializer!.push(
  onnx.TensorProto.create({ name: 'quality_W', dataType: F, dims: [d, 3], floatData: W }),
  onnx.TensorProto.create({ name: 'quality_b', dataType: F, dims: [3], floatData: heads.map((h) => h[d]) }),
  onnx.TensorProto.create({ name: 'quality_min', dataType: F, dims: [], floatData: [0] }),
  onnx.TensorProto.create({ name: 'quality_max', dataType: F, dims: [], floatData: [100] }),
);
graph.node!.push(
  onnx.NodeProto.create({ name: 'quality_in', opType: 'Concat', input: ['embedding', 'probs'], output: ['quality_features'], attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })] }),
  onnx.NodeProto.create({ name: 'quality_mm', opType: 'MatMul', input: ['quality_features', 'quality_W'], output: ['quality_raw'] }),
  onnx.NodeProto.create({ name: 'quality_add', opType: 'Add', input: ['quality_raw', 'quality_b'], output: ['quality_biased'] }),
  onnx.NodeProto.create({ name: 'quality_out', opType: 'Clip', input: ['quality_biased', 'quality_min', 'quality_max'], output: ['quality'] }),
);
graph.output!.push(onnx.ValueInfoProto.create({ name: 'quality', type: { tensorType: { elemType: F, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } } }));
writeFileSync(modelPath, onnx.ModelProto.encode(model).finish());

const card = JSON.parse(readFileSync(cardPath, 'utf8'));
const r3 = (x: number) => Math.round(x * 1000) / 1000;
card.outputs.quality = {
  shape: [-1, 3],
  kind: 'image quality 0-100 for the current 2D view: [score, off-axis part (beam angle), position part (foreshortened or off the window)]; ridge heads on embedding and probs, fitted on the phantom by scripts/fit-quality.ts',
  target: 'server/pose.ts poseScore: 100 on the ideal plane, 80 at 5 mm or 10 degrees, 50 at twice that; the score also capped by depthScore (80 at 3 cm deeper than the preset, 50 at 6 cm) for frames imaged too deep',
  checkedOnReal: false,
  heldOut: { subjects: heldOutSubjects, frames: held.length, spearmanVsPoseError: r3(rho), spearmanAngleVsDegrees: r3(rhoAngle), spearmanPositionVsMm: r3(rhoPosition) },
  fitted: { subjects: trainSubjects, frames: train.length, tooDeepFrames: train.filter((x) => x.extraDepthCm).length, lambda: LAMBDA, seconds: Math.round(seconds) },
};
writeFileSync(cardPath, JSON.stringify(card, null, 2));
console.log(JSON.stringify({ model: modelPath, ...card.outputs.quality.heldOut }));
