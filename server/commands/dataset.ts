/** `echolive dataset`: a phantom training set in the dataset format, with a progress bar. */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { SingleBar } from 'cli-progress';
import { DatasetWriter } from '../dataset/format.js';
import { marginLayout } from '../dataset/margin.js';
import { MIX, PHANTOM_VERSION, subjectSeed } from '../dataset/phantom-sampler.js';
import { runSubjects, type SubjectJob } from '../dataset/workers.js';
import { fpsSchema, inputSizeSchema, seedSchema } from '../config/common.js';
import { VIEW_IDS } from '../views.js';
import { validate } from '../config/validate.js';

const FRAMES_PER_SUBJECT = 40;

/** Options shared by `dataset` and `dataset import`: the sector's stored size and the margin around it. */
export const layoutOptions = {
  /** The detected image's size in stored frames, px (the model input it is made for). */
  size: inputSizeSchema.default({ width: 80, height: 60 }),
  /** Margin kept on each side of the sector, as a fraction of its size (for random crops). */
  margin: z.coerce.number().min(0, 'must be at least 0').max(0.5, 'must be at most 0.5').default(0.125),
};

export const datasetSchema = z.object({
  ...layoutOptions,
  count: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10,000,000'),
  out: z.string({ error: 'is required (a directory)' }).min(1),
  seed: seedSchema.default(1),
  workers: z.coerce.number().int().min(1, 'must be at least 1').max(64, 'must be at most 64').default(availableParallelism()),
  /** Steady clips of this many seconds, one view each (views in turn), instead of random frames. */
  clipSeconds: z.coerce.number().positive('must be > 0').max(60, 'must be at most 60').optional(),
  fps: fpsSchema.default(30),
  /**
   * Share (0-0.5) of 2D frames moved part-way off their view and, independently, imaged 2-10 cm too deep, with
   * quality targets to match (for training the quality output); 0 keeps the set as it was. Random frames only.
   */
  degrade: z.coerce.number().min(0, 'must be at least 0').max(0.5, 'must be at most 0.5').default(0),
});

export async function dataset(raw: Record<string, unknown>): Promise<void> {
  const o = validate('dataset', datasetSchema, raw);
  const layout = marginLayout(o.size.width, o.size.height, o.margin);
  const jobs: SubjectJob[] = [];
  const per = o.clipSeconds ? Math.max(1, Math.round(o.clipSeconds * o.fps)) : FRAMES_PER_SUBJECT;
  for (let i = 0, left = o.count; left > 0; i++, left -= per) {
    const clip = o.clipSeconds ? { view: VIEW_IDS[i % VIEW_IDS.length], fps: o.fps } : undefined;
    jobs.push({ index: i, seed: subjectSeed(o.seed, i), count: Math.min(per, left), layout, clip, degrade: o.degrade });
  }
  const writer = new DatasetWriter(o.out, layout);
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'dataset [{bar}] {value}/{total} frames | {eta}s left', stream: process.stderr }) : null;
  bar?.start(o.count, 0);
  let written = 0;
  const t0 = performance.now();
  await runSubjects(jobs, o.workers, async (job, frames) => {
    for (const [k, f] of frames.entries()) {
      const deeper = f.extraDepthCm ? `;deeper=${f.extraDepthCm}` : '';
      await writer.add(f.frame, { label: f.label, group: `${job.clip ? 'clip' : 'subject'}-${job.index}`, source: `seed=${job.seed};kind=${f.kind};t=${f.time.toFixed(3)};k=${k}${deeper}`, quality: f.quality });
    }
    written += frames.length;
    bar?.update(written);
  });
  bar?.stop();
  await writer.close({
    kind: 'phantom', phantomVersion: PHANTOM_VERSION, seed: o.seed, subjects: jobs.length,
    ...(o.clipSeconds ? { clips: { seconds: o.clipSeconds, fps: o.fps } } : { framesPerSubject: FRAMES_PER_SUBJECT, mix: MIX, degrade: o.degrade }),
  });
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`dataset: ${written} frames in ${s.toFixed(1)} s (${(written / s).toFixed(0)} frames/s) -> ${o.out}\n`);
}
