/**
 * The last few seconds of a stream at the source's own resolution, as JPEG images, for captures and stills:
 * bounded by a duration and by bytes, oldest out first. Pure: times in ms are given by the caller.
 */

export interface FullResFrame {
  jpeg: Buffer;
  /** When it arrived, ms (performance.now()). */
  time: number;
}

export class FullResRing {
  private readonly frames: FullResFrame[] = [];
  private bytes = 0;

  /** @param maxBytes memory cap, bytes; @param maxMs how far back frames are kept, ms */
  constructor(private readonly maxBytes: number, private readonly maxMs: number) {}

  push(jpeg: Buffer, time: number): void {
    this.frames.push({ jpeg, time });
    this.bytes += jpeg.length;
    while (this.frames.length && (this.bytes > this.maxBytes || this.frames[0].time < time - this.maxMs)) this.bytes -= this.frames.shift()!.jpeg.length;
  }

  latest(): FullResFrame | null {
    return this.frames.at(-1) ?? null;
  }

  /** Frames that arrived at or after `time`, oldest first. */
  since(time: number): FullResFrame[] {
    return this.frames.filter((f) => f.time >= time);
  }

  get heldBytes(): number {
    return this.bytes;
  }
}
