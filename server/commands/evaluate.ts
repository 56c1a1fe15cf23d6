/**
 * `echolive evaluate --model <onnx> --data <dataset dir | CSV of path,view>`: frame and clip accuracy,
 * per-class precision and recall, the confusion matrix and inference time; prints one JSON object and
 * writes a report (report.json, confusion.png).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { Engine } from '../inference/engine.js';
import { cardPathFor } from '../inference/model-card.js';
import { inferenceSchema } from '../config/inference.js';
import { temporalDefaults } from '../config/temporal.js';
import { validate } from '../config/validate.js';
import { UserError } from '../errors.js';
import { readDataset } from '../dataset/reader.js';
import { TemporalFilter } from '../pipeline/temporal.js';
import { argmax, packFrames } from '../pipeline/classifier.js';
import { summarise } from '../pipeline/timeline.js';
import { frameMetrics, hardPairs } from '../evaluation/metrics.js';
import { confusionPng } from '../evaluation/confusion-picture.js';
import { classifyInput } from './classify.js';

export const evaluateSchema = inferenceSchema.extend({
  data: z.string({ error: 'is required (a dataset directory or a CSV of path,view)' }).min(1),
  report: z.string().optional(),
  fps: z.coerce.number().positive().default(30),
  threads: z.coerce.number().int().min(1).max(64).default(1),
  /** Also record the summary in the model card's `evaluation` section. */
  card: z.boolean().optional(),
});

/** Keep the headline figures in the model card, so the card says how the shipped model was measured. */
function recordInCard(model: string, dataName: string, r: { frames: number; frameAccuracy: number; clipAccuracy: number | null; clips: number; perClass: Record<string, { recall: number; support: number }>; hardPairs: unknown; msPerFrame: number }): void {
  const path = cardPathFor(model);
  const card = JSON.parse(readFileSync(path, 'utf8'));
  const minRecall = Object.entries(r.perClass).filter(([, v]) => v.support > 0).reduce((m, [k, v]) => (v.recall < m.recall ? { class: k, recall: v.recall } : m), { class: '', recall: 1 });
  card.evaluation = { ...card.evaluation, [dataName]: { frames: r.frames, frameAccuracy: r.frameAccuracy, clipAccuracy: r.clipAccuracy, clips: r.clips, lowestRecall: minRecall, hardPairs: r.hardPairs, recall: Object.fromEntries(Object.entries(r.perClass).filter(([, v]) => v.support > 0).map(([k, v]) => [k, v.recall])) } };
  writeFileSync(path, JSON.stringify(card, null, 2));
}

interface Collected {
  truth: string[];
  predicted: string[];
  clips: Array<{ truth: string; predicted: string | null }>;
  inferMs: number;
}

async function fromDataset(dir: string, engine: Engine, fps: number): Promise<Collected> {
  const ds = readDataset(dir);
  const k = engine.classes.length;
  const predicted: string[] = [];
  const probsAll = new Float32Array(ds.labels.length * k);
  const batch = 256;
  let inferMs = 0;
  for (let i = 0; i < ds.labels.length; i += batch) {
    const n = Math.min(batch, ds.labels.length - i);
    const frames = Array.from({ length: n }, (_, j) => ds.frames.subarray((i + j) * ds.frameSize, (i + j + 1) * ds.frameSize));
    const x = packFrames(frames, ds.frameSize);
    const t0 = performance.now();
    const p = await engine.run(x, n);
    inferMs += performance.now() - t0;
    probsAll.set(p, i * k);
    for (let j = 0; j < n; j++) predicted.push(engine.classes[argmax(p, j * k, k)]);
  }
  // Clips: groups named clip-*, frames in order, through the live smoother.
  const clips: Collected['clips'] = [];
  const byGroup = new Map<string, number[]>();
  ds.groups.forEach((g, i) => {
    if (!g.startsWith('clip-')) return;
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push(i);
  });
  for (const idx of byGroup.values()) {
    const f = new TemporalFilter(engine.classes, temporalDefaults);
    const outs = idx.map((i, n) => ({ time: n / fps, out: f.update(n / fps, probsAll.subarray(i * k, (i + 1) * k), ds.frames.subarray(i * ds.frameSize, (i + 1) * ds.frameSize)) }));
    const counts = new Map<string, number>();
    for (const i of idx) counts.set(ds.labels[i], (counts.get(ds.labels[i]) ?? 0) + 1);
    const truth = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    clips.push({ truth, predicted: summarise(outs, 1 / fps).view });
  }
  return { truth: ds.labels, predicted, clips, inferMs };
}

async function fromCsv(path: string, engine: Engine): Promise<Collected> {
  const rows = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(',').map((s) => s.trim()));
  const body = rows[0]?.[0] === 'path' ? rows.slice(1) : rows;
  const c: Collected = { truth: [], predicted: [], clips: [], inferMs: 0 };
  for (const [p, view] of body) {
    if (!p || !view) throw new UserError(`${path}: each line must be path,view`);
    const file = resolve(dirname(path), p);
    const t0 = performance.now();
    const r = await classifyInput(file, engine, 10);
    c.inferMs += performance.now() - t0;
    for (const f of r.perFrame) {
      c.truth.push(view);
      c.predicted.push(f.top);
    }
    c.clips.push({ truth: view, predicted: r.view });
  }
  return c;
}

export async function evaluate(raw: Record<string, unknown>): Promise<void> {
  const o = validate('evaluate', evaluateSchema, raw);
  if (!existsSync(o.data)) throw new UserError(`${o.data}: no such file or directory`);
  const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
  const c = statSync(o.data).isDirectory() ? await fromDataset(o.data, engine, o.fps) : await fromCsv(o.data, engine);
  await engine.close();
  const m = frameMetrics(engine.classes, c.truth, c.predicted);
  const clipRight = c.clips.filter((x) => x.truth === x.predicted).length;
  const result = {
    frames: m.frames,
    frameAccuracy: m.frameAccuracy,
    clipAccuracy: c.clips.length ? Math.round((clipRight / c.clips.length) * 10000) / 10000 : null,
    clips: c.clips.length,
    perClass: m.perClass,
    confusion: m.confusion,
    hardPairs: hardPairs(m.confusion),
    msPerFrame: Math.round((c.inferMs / Math.max(1, m.frames)) * 1000) / 1000,
    model: basename(o.model),
    data: o.data,
  };
  const dir = o.report ?? join('reports', `${basename(o.model, '.onnx')}-${basename(resolve(o.data)).replace(/\.csv$/, '')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(result, null, 2));
  writeFileSync(join(dir, 'confusion.png'), confusionPng(m.confusion.labels, m.confusion.matrix, `${basename(o.model)} ON ${basename(resolve(o.data))}: FRAME ACC ${m.frameAccuracy}`));
  if (o.card) recordInCard(o.model, basename(resolve(o.data)), result);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.stderr.write(`evaluate: report in ${dir}\n`);
}
