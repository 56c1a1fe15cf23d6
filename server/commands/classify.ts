/** `echolive classify <input>`: offline classification of a clip, still, DICOM cine or stream. */
import { z } from 'zod';
import { SingleBar } from 'cli-progress';
import { Engine } from '../inference/engine.js';
import { inferenceSchema } from '../config/inference.js';
import { captureDefaults } from '../config/capture.js';
import { temporalDefaults } from '../config/temporal.js';
import { validate } from '../config/validate.js';
import { UserError } from '../errors.js';
import { openOffline } from './input-frames.js';
import { classifySource, type ClassifyResult } from '../pipeline/classify-file.js';
import type { Classifier } from '../pipeline/classifier.js';
import { withProfile } from './profile-option.js';

export const classifySchema = inferenceSchema.extend({
  json: z.boolean().optional(),
  timeout: z.coerce.number().min(0.5, 'must be at least 0.5 s').max(600).default(captureDefaults.timeoutS),
  /** A taught profile on top of the model. */
  profile: z.string().min(1).optional(),
});

/**
 * Classify one input with a loaded engine (shared by classify and evaluate); `classifier` is the engine with a
 * profile's head on top, when there is one.
 */
export async function classifyInput(input: string, engine: Engine, timeoutS: number, onProgress?: (n: number) => void, classifier: Classifier = engine): Promise<ClassifyResult> {
  const { source, crop, still } = openOffline(input, engine.input, timeoutS);
  try {
    return await classifySource(source, classifier, { crop, ood: engine.card.ood, temporal: temporalDefaults, still, onProgress });
  } finally {
    await source.stop();
  }
}

export async function classify(input: string | undefined, raw: Record<string, unknown>): Promise<void> {
  const o = validate('classify', classifySchema, raw);
  if (!input) throw new UserError('classify: give an input (file, DICOM, device, URL or sim:<view>)');
  const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
  const { classifier, close } = await withProfile(engine, o.model, o.profile);
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'classify {value} frames', stream: process.stderr }) : null;
  bar?.start(0, 0);
  const t0 = performance.now();
  const r = await classifyInput(input, engine, o.timeout, (n) => n % 30 === 0 && bar?.update(n), classifier).finally(() => bar?.stop());
  const seconds = (performance.now() - t0) / 1000;
  await close();
  await engine.close();
  const out = { input, frames: r.frames, fps: r.fps, view: r.view, confidence: r.confidence, ...(r.unfamiliar !== null ? { unfamiliar: r.unfamiliar } : {}), timeline: r.timeline };
  // Most of the clip unlike any ultrasound image the model knows: say so rather than "no standard view".
  const noView = r.unfamiliar !== null && r.unfamiliar >= 0.5 ? 'unfamiliar image (is this an echo screen?)' : 'no standard view';
  if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    process.stderr.write(`inference: ${engine.provider} (${engine.why})\n`);
    process.stdout.write(`${input}: ${r.view ?? noView}${r.view ? ` (confidence ${r.confidence})` : ''}, ${r.frames} frames in ${seconds.toFixed(2)} s\n`);
    for (const s of r.timeline) process.stdout.write(`  ${s.start.toFixed(2)}-${s.end.toFixed(2)} s  ${s.view ?? '-'}  ${s.confidence}\n`);
  }
}
