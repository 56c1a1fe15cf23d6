/**
 * Where a taught head is fitted. The CLI and tests fit on the calling thread; the server fits on a worker thread,
 * since a head for 15 classes x 100 frames on the 766 features takes about half a second of CPU (this 2-core
 * machine, npm run bench:teach -- --frames 100), during which every stream's frames would otherwise wait.
 */
import { WorkerCalls } from '../ts-worker.js';
import { fitHead, type Head } from './head.js';

/** Fit a head from n taught frames (`features` n x dim, features.ts, the gate on their first `gateDim` values) and their class ids. */
export type HeadFitter = (features: Float32Array, labels: string[], dim: number, gateDim: number) => Promise<Head>;

export const fitInThread: HeadFitter = async (features, labels, dim, gateDim) => fitHead(features, labels, dim, { gateDim });

export interface FitRequest {
  features: Float32Array;
  labels: string[];
  dim: number;
  gateDim: number;
}

/** One worker thread, started at the first fit and kept for the next ones; `close` ends it. */
export class WorkerHeadFitter {
  private readonly calls = new WorkerCalls<FitRequest, Head>(new URL('./fit-worker.ts', import.meta.url), 'head fitter');

  readonly fit: HeadFitter = (features, labels, dim, gateDim) => this.calls.call({ features, labels, dim, gateDim });

  close(): Promise<void> {
    return this.calls.close();
  }
}
