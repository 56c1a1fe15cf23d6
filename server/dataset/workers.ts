/**
 * Runs phantom subjects on worker threads (one per core by default) and hands results back in subject
 * order, so the dataset's bytes do not depend on the number of workers.
 */
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../ts-worker.js';
import type { SampledFrame } from './phantom-sampler.js';
import type { MarginLayout } from './margin.js';
import type { ViewId } from '../views.js';

export interface SubjectJob {
  index: number;
  seed: number;
  count: number;
  /** Stored frame layout (size and margin). */
  layout: MarginLayout;
  /** Share of 2D frames moved part-way off their view, and independently imaged too deep (random frames only). */
  degrade: number;
  /** Set for a steady clip of one view at fps (else random frames of a subject). */
  clip?: { view: ViewId; fps: number };
}

/** Map jobs over `workers` threads, calling `onResult` in job order. */
export async function runSubjects(jobs: SubjectJob[], workers: number, onResult: (job: SubjectJob, frames: SampledFrame[]) => Promise<void>): Promise<void> {
  const pool = Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, () => tsWorker(new URL('./subject-worker.ts', import.meta.url)));
  const done = new Map<number, SampledFrame[]>();
  let next = 0;
  let emitted = 0;
  let failure: Error | null = null;
  let chain = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < jobs.length) w.postMessage(jobs[next++]);
      };
      const flush = () => {
        chain = chain.then(async () => {
          while (done.has(emitted)) {
            const frames = done.get(emitted)!;
            done.delete(emitted);
            await onResult(jobs[emitted], frames);
            emitted++;
          }
          if (emitted === jobs.length) resolve();
        }).catch(reject);
      };
      for (const w of pool) {
        w.on('message', (m: { index: number; frames: SampledFrame[] }) => {
          done.set(jobs.findIndex((j) => j.index === m.index), m.frames);
          feed(w);
          flush();
        });
        w.on('error', (e) => reject((failure = e)));
        feed(w);
      }
      if (!jobs.length) resolve();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure) throw failure;
}
