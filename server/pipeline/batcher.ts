/**
 * Batches the waiting frames of every stream into one inference call. Runs as soon as the engine is free
 * and anything is waiting, so batches grow only under load (low latency when idle, throughput when busy);
 * with a gate, frames arriving fast wait a few ms for others to fill a batch (batch-gate.ts).
 * Over capacity the selected streams are served first and the others from a rotating start, so the stream a
 * sonographer watches keeps its rate and the rest lose frames evenly. A stream running its own network (a
 * fine-tuned one, teach/networks.ts) has its frames batched with those of the streams that run the same one.
 */
import { type Classifier, frameOutputs, packFrames } from './classifier.js';
import type { PendingFrame, Stream } from './stream.js';
import type { BatchGate } from './batch-gate.js';

/** The order one batch serves streams in: selected first, then the others from `start` round. */
export function serveOrder<T extends { selected: boolean }>(streams: readonly T[], start: number): T[] {
  const others = streams.filter((s) => !s.selected);
  return [...streams.filter((s) => s.selected), ...others.map((_, i) => others[(start + i) % others.length])];
}

export class Batcher {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private buf: Float32Array;
  private turn = 0;
  private idle: Array<() => void> = [];
  batches = 0;
  framesRun = 0;

  private readonly frameSize: number;

  /**
   * @param maxBatch most frames in one inference call; the frame size comes from the engine's input
   * @param gate when given, how long a small batch waits for more frames (none: never)
   * @param networkOf the network a stream runs instead of `engine` (same input and outputs), or null for `engine`
   */
  constructor(
    private readonly engine: Classifier,
    private readonly streams: () => Stream[],
    private readonly maxBatch: number,
    private readonly onError: (e: Error) => void,
    private readonly gate: BatchGate | null = null,
    private readonly networkOf: (s: Stream) => Classifier | null = () => null,
  ) {
    this.frameSize = engine.input.width * engine.input.height;
    this.buf = new Float32Array(maxBatch * this.frameSize);
  }

  /** A frame is waiting: run now (or when the gate says) unless a batch is in flight (it will loop and pick this up). */
  notify(): void {
    this.gate?.arrive(performance.now());
    if (!this.running) this.schedule();
  }

  /** Run `fn` once no batch is in flight (now when none is): a network is closed only then. */
  whenIdle(fn: () => void): void {
    if (this.running) this.idle.push(fn);
    else fn();
  }

  /** Start a batch now, or arm the timer for the end of the gate's wait (a frame arriving meanwhile may start it sooner). */
  private schedule(): void {
    const wait = this.gateWait();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        if (!this.running) this.schedule();
      }, wait);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = true;
    setImmediate(() => void this.loop());
  }

  /** The gate's wait for the frames waiting now, ms (0 without a gate). */
  private gateWait(): number {
    if (!this.gate) return 0;
    let frames = 0, oldest = Infinity;
    for (const s of this.streams()) {
      frames += s.waiting;
      oldest = Math.min(oldest, s.oldestCapture);
    }
    return frames ? this.gate.wait(frames, performance.now() - oldest) : 0;
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        if (this.gateWait() > 0) break;
        const items: Array<[Stream, PendingFrame]> = [];
        let net: Classifier | null = null;
        for (const s of serveOrder(this.streams(), this.turn++)) {
          if (items.length >= this.maxBatch) break;
          if (!s.waiting) continue;
          const n = this.networkOf(s) ?? this.engine;
          // Another network's frames wait for the next batch, which this loop runs at once.
          if ((net ??= n) !== n) continue;
          for (const p of s.take(this.maxBatch - items.length)) items.push([s, p]);
        }
        if (!items.length) break;
        const x = packFrames(items.map(([, p]) => p.crop), this.frameSize, this.buf);
        const out = await net!.run(x, items.length);
        this.batches++;
        this.framesRun += items.length;
        // A stream's frames sit together in the batch (each stream hands over its waiting frames at once).
        items.forEach(([s, p], i) => s.complete(p, frameOutputs(out, i, items.length), items[i + 1]?.[0] !== s));
      }
    } catch (e) {
      this.onError(e as Error);
    } finally {
      this.running = false;
      for (const fn of this.idle.splice(0)) fn();
    }
    // Frames left for the gate to gather: it decides when they run.
    if (this.gate && this.streams().some((s) => s.waiting)) this.schedule();
  }
}
