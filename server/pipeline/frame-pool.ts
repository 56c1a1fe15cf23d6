/**
 * Spare buffers of a stream's model-input crops: a crop is written into a spare one and given back once its
 * frame has been classified or dropped, so that a busy stream allocates nothing a frame (a new 4.8 kB typed
 * array every frame of every stream was a steady load on the garbage collector).
 */
export class FramePool {
  private readonly spare: Uint8Array[] = [];

  /** @param keep most spare buffers kept (more given back are left to the garbage collector) */
  constructor(private readonly keep: number) {}

  /** A spare buffer, or undefined when none is left (the caller makes a new one). */
  take(): Uint8Array | undefined {
    return this.spare.pop();
  }

  /** A buffer nothing reads any more. */
  give(buf: Uint8Array): void {
    if (this.spare.length < this.keep) this.spare.push(buf);
  }

  get spares(): number {
    return this.spare.length;
  }
}
