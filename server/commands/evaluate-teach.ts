/**
 * `echolive evaluate --data <CSV> --teach k [--repeats 20] [--seed 1] [--one-clip | --spread] [--fine-tune]`: how well
 * teaching k frames per class adapts the model to the set's machines. Every file is read and embedded once; the
 * repeats then teach and measure on clip-disjoint splits (server/teach/trials.ts). With --fine-tune each repeat first
 * tunes the network on its taught frames and re-runs every frame through it. Prints one JSON object.
 */
import { readLabelTable, type LabelRow } from '../evaluation/label-table.js';
import type { Engine } from '../inference/engine.js';
import { packFrames } from '../pipeline/classifier.js';
import { UserError } from '../errors.js';
import { LABEL_SETS } from '../views.js';
import { batchFeatures } from '../teach/features.js';
import { type Sample, type Split, type TrialFigures, type TrialOptions, teachTrials } from '../teach/trials.js';
import { inputCrops } from './input-frames.js';
import { engineWith, tuneFor } from '../tuned-engine.js';
import type { TuneOptions } from '../teach/tune/tuner.js';

/** A label set is taught as one of its members: `psax` frames as `psax-mid` (the focused protocol's short axis). */
export const TEACH_AS: Readonly<Record<string, string>> = { psax: 'psax-mid' };

/** The class a labelled frame is taught as; throws UserError for a set with no class to teach it as. */
export function teachLabel(label: string, where: string): string {
  if (!LABEL_SETS[label]) return label;
  const as = TEACH_AS[label];
  if (!as) throw new UserError(`${where}: label '${label}' names several views (${LABEL_SETS[label].join(', ')}); label the frames with one of them to teach them`);
  return as;
}

/** The model's probabilities and the taught head's features (features.ts) for every frame of one file, and its crops where kept. */
export type FileOutputs = (path: string) => Promise<{ n: number; features: Float32Array; probs: Float32Array; crops?: Uint8Array[] }>;

/** Every frame of every row as a sample; `outputs` runs once per file. */
export async function collectSamples(rows: LabelRow[], csv: string, outputs: FileOutputs): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const [i, row] of rows.entries()) {
    const teachAs = teachLabel(row.view, `${csv}: line ${i + 2}`);
    const o = await outputs(row.path);
    const d = o.features.length / Math.max(1, o.n), k = o.probs.length / Math.max(1, o.n);
    for (let f = 0; f < o.n; f++) {
      samples.push({ truth: row.view, teachAs, clip: row.clip, features: o.features.slice(f * d, (f + 1) * d), probs: o.probs.slice(f * k, (f + 1) * k), crop: o.crops?.[f] });
    }
  }
  return samples;
}

/** The engine's features and probabilities for crops at its input size. */
async function outputsOf(engine: Engine, crops: Uint8Array[]): Promise<{ features: Float32Array; probs: Float32Array }> {
  const input = packFrames(crops, engine.frameSize);
  const o = await engine.run(input, crops.length);
  if (!o.embedding) throw new UserError(`${engine.card.name}: the model has no embedding output (its card declares none), so it cannot be taught`);
  const { width, height } = engine.input;
  return { features: batchFeatures(o.embedding, o.embedding.length / Math.max(1, crops.length), input, crops.length, width, height), probs: o.probs };
}

/** The engine's outputs for a file's frames, cropped as classify crops them. */
export function engineFileOutputs(engine: Engine, timeoutS: number): FileOutputs {
  return async (path) => {
    const crops = await inputCrops(path, engine.input, timeoutS);
    return { n: crops.length, crops, ...(await outputsOf(engine, crops)) };
  };
}

/** Frames a re-run sends to the engine at once. */
const BATCH = 256;

/** The samples again, their crops run through another engine (a tuned one). */
async function rerun(engine: Engine, samples: Sample[]): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < samples.length; i += BATCH) {
    const chunk = samples.slice(i, i + BATCH);
    const o = await outputsOf(engine, chunk.map((s) => s.crop!));
    const d = o.features.length / chunk.length, k = o.probs.length / chunk.length;
    chunk.forEach((s, j) => out.push({ ...s, features: o.features.slice(j * d, (j + 1) * d), probs: o.probs.slice(j * k, (j + 1) * k) }));
  }
  return out;
}

export interface TeachEvaluation extends TrialFigures {
  data: string;
  model: string;
  /** With --fine-tune: the tuning's settings and its mean time a repeat, s. */
  fineTune?: TuneOptions & { secondsPerRepeat: number };
}

/**
 * The trials on a labelled CSV; the head's gate compares the model's embedding (the features' first values).
 * `fineTune`: tune the network on each repeat's taught frames (`modelPath`'s weights, these options) first.
 */
export async function teachEvaluation(csv: string, engine: Engine, o: Omit<TrialOptions, 'gateDim'>, timeoutS = 10, fineTune?: { modelPath: string; options: TuneOptions }): Promise<TeachEvaluation> {
  if (!/\.csv$/i.test(csv)) throw new UserError(`${csv}: --teach needs a labelled CSV (path,view[,clip])`);
  const samples = await collectSamples(readLabelTable(csv), csv, engineFileOutputs(engine, timeoutS));
  const seconds: number[] = [];
  const adapt = fineTune && (async (split: Split) => {
    const r = await tuneFor(engine, fineTune.modelPath, split.teach.map((i) => samples[i].crop!), split.teach.map((i) => samples[i].teachAs), { ...fineTune.options, seed: fineTune.options.seed + seconds.length });
    seconds.push(r.seconds);
    const tuned = await engineWith(fineTune.modelPath, r.tensors);
    return rerun(tuned, samples).finally(() => tuned.close());
  });
  const r = await teachTrials(samples, engine.classes, { ...o, gateDim: engine.card.outputs.embedding?.shape[1] ?? 0 }, adapt);
  if (!r.classes.length) throw new UserError(`${csv}: no class has frames from two clips, so nothing can be taught and measured apart`);
  const secondsPerRepeat = Math.round((seconds.reduce((a, b) => a + b, 0) / Math.max(1, seconds.length)) * 10) / 10;
  return { ...r, data: csv, model: engine.card.name, ...(fineTune ? { fineTune: { ...fineTune.options, secondsPerRepeat } } : {}) };
}
