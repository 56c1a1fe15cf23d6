/**
 * Worker threads that run TypeScript modules: the worker registers tsx's loader first, as bin/echolive.js
 * does for the main thread, so no build step is needed. A shared leaf: it imports nothing from the stages.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Start a worker running the TypeScript module at `url` (a file URL). */
export function tsWorker(url: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
