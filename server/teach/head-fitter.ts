/**
 * Where a taught head is fitted. The CLI and tests fit on the calling thread; the server fits on a worker thread,
 * since a head for 15 classes x 100 frames on the 766 features takes about half a second of CPU (this 2-core
 * machine, npm run bench:teach -- --frames 100), during which every stream's frames would otherwise wait.
 */
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../ts-worker.js';
import { fitHead, type Head } from './head.js';

/** Fit a head from n taught frames (`features` n x dim, features.ts, the gate on their first `gateDim` values) and their class ids. */
export type HeadFitter = (features: Float32Array, labels: string[], dim: number, gateDim: number) => Promise<Head>;

export const fitInThread: HeadFitter = async (features, labels, dim, gateDim) => fitHead(features, labels, dim, { gateDim });

export interface FitRequest {
  id: number;
  features: Float32Array;
  labels: string[];
  dim: number;
  gateDim: number;
}

export type FitReply = { id: number; head: Head } | { id: number; error: string };

/** One worker thread, started at the first fit and kept for the next ones; `close` ends it. */
export class WorkerHeadFitter {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (h: Head) => void; reject: (e: Error) => void }>();

  readonly fit: HeadFitter = (features, labels, dim, gateDim) =>
    new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.start().postMessage({ id, features, labels, dim, gateDim } satisfies FitRequest);
    });

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = tsWorker(new URL('./fit-worker.ts', import.meta.url));
    w.on('message', (r: FitReply) => {
      const p = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if ('head' in r) p?.resolve(r.head);
      else p?.reject(new Error(r.error));
    });
    // A worker that dies fails what it was fitting; the next fit starts a new one.
    const fail = (e: Error) => {
      this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => this.worker === w && fail(new Error(`head fitter exited with code ${code}`)));
    w.unref();
    return (this.worker = w);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
