/**
 * Whether a batch should wait a moment for more frames. ONNX Runtime costs less a frame in bigger batches
 * (the shipped model, one thread: 0.37-0.39 ms a frame alone, 0.34 in fours), but without waiting a batch
 * holds only what arrived while the last one ran: one frame or two even near capacity. So when frames
 * arrive fast enough that `target` of them would be waiting within `maxWaitMs`, the batch waits for them
 * (at most that long); slower, it runs at once, and latency at moderate load is untouched. Pure: the caller
 * gives the times (ms).
 */
export interface GateOptions {
  /** Frames a batch waits for (config default 3). */
  target: number;
  /** The longest a frame waits for others, ms (config default 4); 0 never waits. */
  maxWaitMs: number;
}

/** Weight of the newest interval in the running mean of intervals between frames (about the last 20). */
const SMOOTHING = 0.05;

export class BatchGate {
  /** Running mean of the intervals between arriving frames (all streams together), ms. */
  private interval = Infinity;
  private last: number | null = null;

  constructor(private readonly o: GateOptions) {}

  /** A frame arrived at `now`. */
  arrive(now: number): void {
    if (this.last !== null) {
      const dt = now - this.last;
      this.interval = Number.isFinite(this.interval) ? this.interval + SMOOTHING * (dt - this.interval) : dt;
    }
    this.last = now;
  }

  /**
   * How long a batch of `waiting` frames, the oldest of them waiting for `ageMs` already, should wait for
   * more, ms (0: run now). No frame waits longer than maxWaitMs in all.
   */
  wait(waiting: number, ageMs: number): number {
    if (waiting >= this.o.target || this.o.maxWaitMs <= 0) return 0;
    const fill = (this.o.target - waiting) * this.interval;
    return fill <= this.o.maxWaitMs ? Math.max(0, Math.min(fill, this.o.maxWaitMs - ageMs)) : 0;
  }
}
