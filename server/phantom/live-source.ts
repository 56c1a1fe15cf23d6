/**
 * The phantom as a live source: renders on a worker thread (so the server's event loop stays free) at the
 * requested frame rate, in grey at the analysis size, with the true label on each frame. `sim:interactive`
 * takes its probe pose from `move` and `setView` calls (the trainer's virtual probe).
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../ts-worker.js';
import type { FrameSource, ProbeTelemetry, SourceInfo } from '../frames.js';
import type { CursorMove, ImagingModeName, ProbeMove } from '../protocol.js';
import type { ViewId } from '../views.js';
import type { Look } from './look.js';
import type { Window } from './phantom.js';

/** Commands to the virtual probe (interactive plans). */
export type ProbeCommand =
  | { type: 'move'; move: ProbeMove }
  | { type: 'mode'; mode: ImagingModeName }
  | { type: 'cursor'; cursor: CursorMove }
  | { type: 'view'; view: ViewId }
  | { type: 'start'; window: Window; seed: number };

export interface PhantomSourceOptions {
  plan: ViewId | 'tour' | 'interactive';
  seed: number;
  fps: number;
  width: number;
  height: number;
  /** Tour length before it repeats, s. */
  tourSeconds: number;
  /** Pace frames in real time (live), or render them as fast as possible (offline). */
  realtime: boolean;
  /** End after this many seconds of frames (offline use); unset: run until stopped. */
  seconds?: number;
  /** The machine look (look.ts; default standard). */
  look?: Look;
}

/** Longest wait for a loading worker before it is terminated anyway, ms. */
const LOAD_GRACE_MS = 30_000;

export class PhantomSource extends EventEmitter implements FrameSource {
  readonly pid = undefined;
  private worker: Worker | null = null;
  /** Settles once the worker has loaded its modules (its first message) or has gone. */
  private loaded: Promise<void> = Promise.resolve();
  private index = 0;

  constructor(readonly spec: SourceInfo, private readonly o: PhantomSourceOptions) {
    super();
  }

  get fps(): number {
    return this.o.fps;
  }

  stderrTail(): string[] {
    return [];
  }

  start(): void {
    this.index = 0;
    const w = tsWorker(new URL('./live-worker.ts', import.meta.url), { workerData: this.o });
    this.worker = w;
    this.loaded = new Promise((resolve) => {
      w.once('message', () => resolve());
      w.once('exit', () => resolve());
    });
    w.on('message', (m: { data: Uint8Array; time: number; truth: string | null; probe?: ProbeTelemetry } | 'end') => {
      if (this.worker !== w) return; // stopped: it may still be finishing its first frame
      if (m === 'end') return void this.emit('end');
      this.emit('frame', {
        data: m.data, width: this.o.width, height: this.o.height, index: this.index++,
        mediaTime: m.time, captureTime: performance.now(), truth: m.truth, ...(m.probe ? { probe: m.probe } : {}),
      });
    });
    w.on('error', (e) => this.emit('error', e));
  }

  /** Command the virtual probe (interactive sources only): move it, change mode, jump to a view, or a random start. */
  command(c: ProbeCommand): void {
    this.worker?.postMessage(c);
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    // A worker terminated while it is still loading its modules leaks file descriptors: let it load first.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([this.loaded, new Promise((r) => (grace = setTimeout(r, LOAD_GRACE_MS)))]);
    clearTimeout(grace);
    await w.terminate();
  }
}
