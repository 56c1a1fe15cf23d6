/**
 * `echolive evaluate --model <onnx> --data <dataset dir | labelled CSV>`: frame, view-frame and clip accuracy
 * (majority vote per clip), per-class recall and precision, per-source figures, unfamiliar frames apart, the
 * confusion matrix and inference time; prints one JSON object and writes a report (report.json, confusion.png).
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
import { sectorCrop } from '../dataset/margin.js';
import { TemporalFilter } from '../pipeline/temporal.js';
import { argmax, packFrames } from '../pipeline/classifier.js';
import { NONE_CLASS } from '../views.js';
import { judgeFrame } from '../pipeline/unfamiliar.js';
import { summarise } from '../pipeline/timeline.js';
import { type Judged, UNFAMILIAR, isRight, share } from '../evaluation/metrics.js';
import { type Figures, figures } from '../evaluation/report.js';
import { readLabelTable } from '../evaluation/label-table.js';
import { confusionPng } from '../evaluation/confusion-picture.js';
import { classifyInput } from './classify.js';
import { withProfile } from './profile-option.js';
import { teachEvaluation } from './evaluate-teach.js';
import { TUNE_DEFAULTS } from '../teach/tune/tuner.js';
import type { Classifier } from '../pipeline/classifier.js';

export const evaluateSchema = inferenceSchema.extend({
  data: z.string({ error: 'is required (a dataset directory or a labelled CSV)' }).min(1),
  report: z.string().optional(),
  /** Frame rate of a dataset's clips, for the smoother, frames/s. */
  fps: z.coerce.number().positive().default(30),
  threads: z.coerce.number().int().min(1).max(64).default(1),
  /** Also record the summary in the model card's `evaluation` section. */
  card: z.boolean().optional(),
  /** A taught profile on top of the model. */
  profile: z.string().min(1).optional(),
  /** Teach k random frames per class of a CSV and measure on the other clips (evaluate-teach.ts). */
  teach: z.coerce.number().int().min(1).max(1000).optional(),
  repeats: z.coerce.number().int().min(1).max(1000).default(20),
  seed: z.coerce.number().int().min(0).default(1),
  oneClip: z.boolean().default(false),
  spread: z.boolean().default(false),
  /** With --teach: fine-tune the network on each repeat's taught frames first (teach/tune). */
  fineTune: z.boolean().default(false),
}).refine((o) => !(o.oneClip && o.spread), { message: 'give --one-clip or --spread, not both', path: ['spread'] });

export interface EvaluationReport extends Figures {
  /** Dataset clips (groups clip-*) through the live smoother: the clip's held view against its truth. */
  smoothedClipAccuracy?: number | null;
  msPerFrame: number;
  model: string;
  data: string;
}

interface Collected {
  rows: Judged[];
  inferMs: number;
  smoothedClipAccuracy?: number | null;
}

async function fromDataset(dir: string, engine: Engine, fps: number, classifier: Classifier): Promise<Collected> {
  const ds = readDataset(dir);
  const { width, height } = engine.input;
  const k = engine.classes.length, size = width * height, n = ds.labels.length, none = engine.classes.indexOf(NONE_CLASS);
  const stored = ds.layout.width * ds.layout.height;
  const crops = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) sectorCrop(ds.frames.subarray(i * stored, (i + 1) * stored), ds.layout, width, height, crops.subarray(i * size, (i + 1) * size));
  const probsAll = new Float32Array(n * k);
  const verdicts: Array<boolean | undefined> = [];
  const rows: Judged[] = [];
  let inferMs = 0;
  for (let i = 0; i < n; i += 256) {
    const m = Math.min(256, n - i);
    const t0 = performance.now();
    const outputs = await classifier.run(packFrames([crops.subarray(i * size, (i + m) * size)], m * size), m);
    const { probs } = outputs;
    inferMs += performance.now() - t0;
    probsAll.set(probs, i * k);
    for (let j = 0; j < m; j++) {
      const verdict = judgeFrame(engine.card.ood, outputs, j, m);
      verdicts.push(verdict);
      const g = ds.groups[i + j], top = engine.classes[argmax(probs, j * k, k)];
      rows.push({
        truth: ds.labels[i + j], predicted: verdict ? UNFAMILIAR : top, top,
        topView: engine.classes[argmax(probs, j * k, k, none)], clip: g.startsWith('clip-') ? g : null, source: null,
      });
    }
  }
  // Clips through the live smoother, as the server would see them.
  const byClip = new Map<string, number[]>();
  rows.forEach((r, i) => r.clip && (byClip.get(r.clip) ?? byClip.set(r.clip, []).get(r.clip)!).push(i));
  let right = 0;
  for (const idx of byClip.values()) {
    const f = new TemporalFilter(engine.classes, temporalDefaults);
    const outs = idx.map((i, t) => ({ time: t / fps, out: f.update(t / fps, probsAll.subarray(i * k, (i + 1) * k), crops.subarray(i * size, (i + 1) * size), verdicts[i]) }));
    const view = summarise(outs, 1 / fps).view;
    if (view !== null && isRight(rows[idx[0]].truth, view)) right++;
  }
  return { rows, inferMs, smoothedClipAccuracy: byClip.size ? share(right, byClip.size) : null };
}

async function fromCsv(path: string, engine: Engine, classifier: Classifier): Promise<Collected> {
  const rows: Judged[] = [];
  let inferMs = 0;
  for (const row of readLabelTable(path)) {
    const t0 = performance.now();
    const r = await classifyInput(row.path, engine, 10, undefined, classifier);
    inferMs += performance.now() - t0;
    for (const f of r.perFrame) rows.push({ truth: row.view, predicted: f.unfamiliar ? UNFAMILIAR : f.top, top: f.top, topView: f.topView, clip: row.clip, source: row.source });
  }
  return { rows, inferMs };
}

/** The name a data set is recorded under: a directory's name, or a CSV's folder and name (val/labels.csv). */
export function dataName(data: string): string {
  const abs = resolve(data);
  return /\.csv$/i.test(abs) ? `${basename(dirname(abs))}/${basename(abs)}` : basename(abs);
}

/** Keep the headline figures in the model card, so the card says how the shipped model was measured. */
function recordInCard(model: string, r: EvaluationReport): void {
  const path = cardPathFor(model);
  const card = JSON.parse(readFileSync(path, 'utf8'));
  const supported = Object.entries(r.perClass).filter(([, v]) => v.support > 0);
  const lowest = supported.reduce((m, [c, v]) => (v.recall < m.recall ? { class: c, recall: v.recall } : m), { class: '', recall: 1 });
  card.evaluation = {
    ...card.evaluation,
    [dataName(r.data)]: {
      frames: r.frames, frameAccuracy: r.frameAccuracy, viewFrameAccuracy: r.viewFrameAccuracy, viewFrameAccuracyNoneMasked: r.viewFrameAccuracyNoneMasked,
      clipAccuracy: r.clipAccuracy, clips: r.clips,
      ...(r.smoothedClipAccuracy !== undefined ? { smoothedClipAccuracy: r.smoothedClipAccuracy } : {}),
      lowestRecall: lowest, hardPairs: r.hardPairs, unfamiliar: r.unfamiliar, recall: Object.fromEntries(supported.map(([c, v]) => [c, v.recall])),
    },
  };
  writeFileSync(path, JSON.stringify(card, null, 2));
}

/** Evaluate a model on one data set; writes report.json and confusion.png under the report directory. */
export async function runEvaluation(o: z.infer<typeof evaluateSchema>): Promise<{ report: EvaluationReport; dir: string }> {
  if (!existsSync(o.data)) throw new UserError(`${o.data}: no such file or directory`);
  const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
  const c = await withProfile(engine, o.model, o.profile)
    .then(({ classifier, close }) => (statSync(o.data).isDirectory() ? fromDataset(o.data, engine, o.fps, classifier) : fromCsv(o.data, engine, classifier)).finally(close))
    .finally(() => engine.close());
  const report: EvaluationReport = {
    ...figures(c.rows, engine.classes),
    ...(c.smoothedClipAccuracy !== undefined ? { smoothedClipAccuracy: c.smoothedClipAccuracy } : {}),
    msPerFrame: Math.round((c.inferMs / Math.max(1, c.rows.length)) * 1000) / 1000,
    model: basename(o.model),
    data: o.data,
  };
  const dir = o.report ?? join('reports', `${basename(o.model, '.onnx')}-${dataName(o.data).replace(/\.csv$/i, '').replace(/\//g, '-')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(dir, 'confusion.png'), confusionPng(report.confusion, `${basename(o.model)} ON ${dataName(o.data)}: FRAME ACC ${report.frameAccuracy}`));
  if (o.card) recordInCard(o.model, report);
  return { report, dir };
}

export async function evaluate(raw: Record<string, unknown>): Promise<void> {
  const o = validate('evaluate', evaluateSchema, raw);
  if (o.teach !== undefined) {
    if (!existsSync(o.data)) throw new UserError(`${o.data}: no such file or directory`);
    const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
    const fineTune = o.fineTune ? { modelPath: o.model, options: TUNE_DEFAULTS } : undefined;
    const r = await teachEvaluation(o.data, engine, { k: o.teach, repeats: o.repeats, seed: o.seed, clips: o.oneClip ? 'one' : o.spread ? 'spread' : 'fewest' }, undefined, fineTune).finally(() => engine.close());
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const { report, dir } = await runEvaluation(o);
  process.stdout.write(JSON.stringify(report) + '\n');
  process.stderr.write(`evaluate: report in ${dir}\n`);
}
