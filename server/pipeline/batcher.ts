/**
 * Batches the waiting frames of every stream into one inference call. Runs as soon as the engine is free
 * and anything is waiting, so batches grow only under load (low latency when idle, throughput when busy).
 * Over capacity the selected streams are served first and the others from a rotating start, so the stream a
 * sonographer watches keeps its rate and the rest lose frames evenly.
 */
import { type Classifier, frameOutputs, packFrames } from './classifier.js';
import type { PendingFrame, Stream } from './stream.js';

/** The order one batch serves streams in: selected first, then the others from `start` round. */
export function serveOrder<T extends { selected: boolean }>(streams: readonly T[], start: number): T[] {
  const others = streams.filter((s) => !s.selected);
  return [...streams.filter((s) => s.selected), ...others.map((_, i) => others[(start + i) % others.length])];
}

export class Batcher {
  private running = false;
  private buf: Float32Array;
  private turn = 0;
  batches = 0;
  framesRun = 0;

  private readonly frameSize: number;

  /** @param maxBatch most frames in one inference call; the frame size comes from the engine's input */
  constructor(private readonly engine: Classifier, private readonly streams: () => Stream[], private readonly maxBatch: number, private readonly onError: (e: Error) => void) {
    this.frameSize = engine.input.width * engine.input.height;
    this.buf = new Float32Array(maxBatch * this.frameSize);
  }

  /** Something is waiting: run now unless a batch is in flight (it will loop and pick this up). */
  notify(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const items: Array<[Stream, PendingFrame]> = [];
        for (const s of serveOrder(this.streams(), this.turn++)) {
          if (items.length >= this.maxBatch) break;
          for (const p of s.take(this.maxBatch - items.length)) items.push([s, p]);
        }
        if (!items.length) break;
        const x = packFrames(items.map(([, p]) => p.crop), this.frameSize, this.buf);
        const out = await this.engine.run(x, items.length);
        this.batches++;
        this.framesRun += items.length;
        // A stream's frames sit together in the batch (each stream hands over its waiting frames at once).
        items.forEach(([s, p], i) => s.complete(p, frameOutputs(out, i, items.length), items[i + 1]?.[0] !== s));
      }
    } catch (e) {
      this.onError(e as Error);
    } finally {
      this.running = false;
    }
  }
}
