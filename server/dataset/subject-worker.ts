import { parentPort } from 'node:worker_threads';
import { sampleSubject } from './phantom-sampler.js';
import type { SubjectJob } from './workers.js';

parentPort!.on('message', (job: SubjectJob) => {
  const frames = sampleSubject(job.seed, job.count);
  parentPort!.postMessage({ index: job.index, frames }, frames.map((f) => f.frame.buffer as ArrayBuffer));
});
