/**
 * `echolive evaluate --data <CSV> --teach k [--repeats 20] [--seed 1] [--one-clip | --spread]`: how well teaching k frames
 * per class adapts the model to the set's machines. Every file is read and embedded once; the repeats then
 * teach and measure on clip-disjoint splits (server/teach/trials.ts). Prints one JSON object.
 */
import { readLabelTable, type LabelRow } from '../evaluation/label-table.js';
import type { Engine } from '../inference/engine.js';
import { packFrames } from '../pipeline/classifier.js';
import { UserError } from '../errors.js';
import { LABEL_SETS } from '../views.js';
import { batchFeatures } from '../teach/features.js';
import { type Sample, type TrialFigures, type TrialOptions, teachTrials } from '../teach/trials.js';
import { inputCrops } from './input-frames.js';

/** A label set is taught as one of its members: `psax` frames as `psax-mid` (the focused protocol's short axis). */
export const TEACH_AS: Readonly<Record<string, string>> = { psax: 'psax-mid' };

/** The class a labelled frame is taught as; throws UserError for a set with no class to teach it as. */
export function teachLabel(label: string, where: string): string {
  if (!LABEL_SETS[label]) return label;
  const as = TEACH_AS[label];
  if (!as) throw new UserError(`${where}: label '${label}' names several views (${LABEL_SETS[label].join(', ')}); label the frames with one of them to teach them`);
  return as;
}

/** The model's probabilities and the taught head's features (features.ts) for every frame of one file. */
export type FileOutputs = (path: string) => Promise<{ n: number; features: Float32Array; probs: Float32Array }>;

/** Every frame of every row as a sample; `outputs` runs once per file. */
export async function collectSamples(rows: LabelRow[], csv: string, outputs: FileOutputs): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const [i, row] of rows.entries()) {
    const teachAs = teachLabel(row.view, `${csv}: line ${i + 2}`);
    const o = await outputs(row.path);
    const d = o.features.length / Math.max(1, o.n), k = o.probs.length / Math.max(1, o.n);
    for (let f = 0; f < o.n; f++) {
      samples.push({ truth: row.view, teachAs, clip: row.clip, features: o.features.slice(f * d, (f + 1) * d), probs: o.probs.slice(f * k, (f + 1) * k) });
    }
  }
  return samples;
}

/** The engine's outputs for a file's frames, cropped as classify crops them. */
export function engineFileOutputs(engine: Engine, timeoutS: number): FileOutputs {
  return async (path) => {
    const crops = await inputCrops(path, engine.input, timeoutS);
    const input = packFrames(crops, engine.frameSize);
    const o = await engine.run(input, crops.length);
    if (!o.embedding) throw new UserError(`${engine.card.name}: the model has no embedding output (its card declares none), so it cannot be taught`);
    const { width, height } = engine.input;
    return { n: crops.length, features: batchFeatures(o.embedding, o.embedding.length / Math.max(1, crops.length), input, crops.length, width, height), probs: o.probs };
  };
}

export interface TeachEvaluation extends TrialFigures {
  data: string;
  model: string;
}

/** The trials on a labelled CSV; the head's gate compares the model's embedding (the features' first values). */
export async function teachEvaluation(csv: string, engine: Engine, o: Omit<TrialOptions, 'gateDim'>, timeoutS = 10): Promise<TeachEvaluation> {
  if (!/\.csv$/i.test(csv)) throw new UserError(`${csv}: --teach needs a labelled CSV (path,view[,clip])`);
  const samples = await collectSamples(readLabelTable(csv), csv, engineFileOutputs(engine, timeoutS));
  const r = teachTrials(samples, engine.classes, { ...o, gateDim: engine.card.outputs.embedding?.shape[1] ?? 0 });
  if (!r.classes.length) throw new UserError(`${csv}: no class has frames from two clips, so nothing can be taught and measured apart`);
  return { ...r, data: csv, model: engine.card.name };
}
