/** `echolive classify <input>`: offline classification of a clip, still, DICOM cine or stream. */
import { z } from 'zod';
import { SingleBar } from 'cli-progress';
import { Engine } from '../inference/engine.js';
import { inferenceSchema } from '../config/inference.js';
import { captureDefaults } from '../config/capture.js';
import { temporalDefaults } from '../config/temporal.js';
import { validate } from '../config/validate.js';
import { UserError } from '../errors.js';
import { parseSource } from '../capture/source-spec.js';
import { CropTracker } from '../capture/crop-tracker.js';
import { openSource } from '../sources.js';
import { classifySource, type ClassifyResult } from '../pipeline/classify-file.js';

export const classifySchema = inferenceSchema.extend({
  json: z.boolean().optional(),
  timeout: z.coerce.number().min(0.5, 'must be at least 0.5 s').max(600).default(captureDefaults.timeoutS),
});

/** A phantom source runs until stopped; offline, `classify sim:<view>` takes this many seconds of it. */
const PHANTOM_CLASSIFY_SECONDS = 2;

/** Classify one input with a loaded engine (shared by classify and evaluate). */
export async function classifyInput(input: string, engine: Engine, timeoutS: number, onProgress?: (n: number) => void): Promise<ClassifyResult> {
  const spec = parseSource(input);
  const tracker = new CropTracker(spec.options.crop, captureDefaults.redetectEvery);
  const source = openSource(spec, {
    width: captureDefaults.width, height: captureDefaults.height, realtime: false, timeoutS, limits: captureDefaults.limits,
    seed: 1, fps: 30, tourSeconds: 90, seconds: PHANTOM_CLASSIFY_SECONDS,
  });
  try {
    return await classifySource(source, engine, {
      crop: (img) => tracker.crop(img, engine.input.width, engine.input.height),
      ood: engine.card.ood,
      temporal: temporalDefaults,
      still: spec.kind === 'still',
      onProgress,
    });
  } finally {
    await source.stop();
  }
}

export async function classify(input: string | undefined, raw: Record<string, unknown>): Promise<void> {
  const o = validate('classify', classifySchema, raw);
  if (!input) throw new UserError('classify: give an input (file, DICOM, device, URL or sim:<view>)');
  const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'classify {value} frames', stream: process.stderr }) : null;
  bar?.start(0, 0);
  const t0 = performance.now();
  const r = await classifyInput(input, engine, o.timeout, (n) => n % 30 === 0 && bar?.update(n)).finally(() => bar?.stop());
  const seconds = (performance.now() - t0) / 1000;
  await engine.close();
  const out = { input, frames: r.frames, fps: r.fps, view: r.view, confidence: r.confidence, timeline: r.timeline };
  if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    process.stderr.write(`inference: ${engine.provider} (${engine.why})\n`);
    process.stdout.write(`${input}: ${r.view ?? 'no standard view'}${r.view ? ` (confidence ${r.confidence})` : ''}, ${r.frames} frames in ${seconds.toFixed(2)} s\n`);
    for (const s of r.timeline) process.stdout.write(`  ${s.start.toFixed(2)}-${s.end.toFixed(2)} s  ${s.view ?? '-'}  ${s.confidence}\n`);
  }
}
