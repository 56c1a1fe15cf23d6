/**
 * Fine-tuning a model file's network (tuner.ts) from its path, on the calling thread or on a worker thread: the
 * server tunes on a worker, since one tuning keeps a core busy for about half a minute (`npm run bench:teach --
 * --fine-tune`) while every stream's frames go on.
 */
import { readFileSync } from 'node:fs';
import { WorkerCalls } from '../../ts-worker.js';
import { readTunable } from './onnx-weights.js';
import { type TuneOptions, type TuneResult, tune } from './tuner.js';

export interface TuneRequest {
  /** The ONNX file whose network is tuned (always from its own weights). */
  model: string;
  /** The model's class count (its view head's width). */
  classes: number;
  /** The crops' size, the model's input, px. */
  width: number;
  height: number;
  crops: Uint8Array[];
  /** Class indices in the model's output order, one per crop. */
  labels: number[];
  options: Partial<TuneOptions>;
}

/** Tune on the calling thread. */
export function tuneModel(r: TuneRequest): Promise<TuneResult> {
  return tune(readTunable(new Uint8Array(readFileSync(r.model)), r.model, r.classes), r.crops, r.labels, r.width, r.height, r.options);
}

/** Tunings on one worker thread, started at the first and kept for the next; `close` ends it. */
export class WorkerTuner {
  private readonly calls = new WorkerCalls<TuneRequest, TuneResult>(new URL('./tune-worker.ts', import.meta.url), 'fine-tuner');

  tune(r: TuneRequest): Promise<TuneResult> {
    return this.calls.call(r);
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
