import { parentPort } from 'node:worker_threads';
import { sampleClip, sampleSubject } from './phantom-sampler.js';
import type { SubjectJob } from './workers.js';

parentPort!.on('message', (job: SubjectJob) => {
  const frames = job.clip ? sampleClip(job.seed, job.clip.view, job.count, job.clip.fps, job.layout) : sampleSubject(job.seed, job.count, job.layout, job.degrade);
  parentPort!.postMessage({ index: job.index, frames }, frames.map((f) => f.frame.buffer as ArrayBuffer));
});
