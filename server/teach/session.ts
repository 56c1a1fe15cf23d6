/**
 * The frames taught on one stream while its Teach mode runs: the user holds a view and every n-th usable frame
 * (not blank, not frozen) is kept with its embedding; a burst is what one hold kept, so it can be undone. Pure.
 */
export interface TaughtFrame {
  label: string;
  /** Grey crop at the model's input size. */
  crop: Uint8Array;
  /** The model's embedding of the crop. */
  embedding: Float32Array;
}

export interface SessionOptions {
  /** Keep every n-th usable frame while held. */
  everyNth: number;
  /** Most frames per class; the oldest go first. */
  maxFramesPerClass: number;
}

export class TeachSession {
  private readonly frames: TaughtFrame[] = [];
  /** Frames kept by each hold, newest last, for undo. */
  private readonly bursts: TaughtFrame[][] = [];
  private held: string | null = null;
  private seen = 0;

  constructor(private readonly o: SessionOptions) {}

  /** The class being held, or null. */
  get holding(): string | null {
    return this.held;
  }

  /** Start holding a class: frames offered from now on are kept (every n-th usable one). */
  start(label: string): void {
    this.held = label;
    this.seen = 0;
    this.bursts.push([]);
  }

  /** Stop holding; an empty burst is forgotten. */
  stop(): void {
    if (this.held && this.bursts.at(-1)?.length === 0) this.bursts.pop();
    this.held = null;
  }

  /** Offer one frame of the stream; returns whether it was kept. `usable` is false for blank or frozen frames. */
  offer(crop: Uint8Array, embedding: Float32Array, usable: boolean): boolean {
    if (!this.held || !usable || this.seen++ % this.o.everyNth !== 0) return false;
    const f: TaughtFrame = { label: this.held, crop: crop.slice(), embedding: embedding.slice() };
    this.frames.push(f);
    this.bursts.at(-1)!.push(f);
    const same = this.frames.filter((x) => x.label === f.label);
    if (same.length > this.o.maxFramesPerClass) this.remove(new Set([same[0]]));
    return true;
  }

  /** Forget the last burst (the one being held, or the last one). */
  undo(): void {
    const b = this.bursts.pop();
    if (b) this.remove(new Set(b));
    if (this.held) this.bursts.push([]);
  }

  /** Forget every frame of one class. */
  clear(label: string): void {
    this.remove(new Set(this.frames.filter((f) => f.label === label)));
  }

  /** Replace everything with frames from a profile (bursts: one per class). */
  replace(frames: TaughtFrame[]): void {
    this.remove(new Set(this.frames));
    this.bursts.length = 0;
    this.frames.push(...frames);
  }

  /** Frames taught per class (classes with none left out). */
  counts(): Record<string, number> {
    const c: Record<string, number> = {};
    for (const f of this.frames) c[f.label] = (c[f.label] ?? 0) + 1;
    return c;
  }

  /**
   * Classes whose every frame was kept in one hold of this session (none loaded from a profile): one patient or
   * window only, which teaches a view far less well than the same frames from two or three (README, measured).
   */
  singleHold(): string[] {
    const bursts = new Map<string, number>();
    for (const b of this.bursts) if (b.length) bursts.set(b[0].label, (bursts.get(b[0].label) ?? 0) + 1);
    const fromBursts = new Set(this.bursts.flat());
    const loaded = new Set(this.frames.filter((f) => !fromBursts.has(f)).map((f) => f.label));
    return [...bursts].filter(([label, n]) => n === 1 && !loaded.has(label)).map(([label]) => label);
  }

  get taught(): readonly TaughtFrame[] {
    return this.frames;
  }

  private remove(gone: Set<TaughtFrame>): void {
    const keep = (list: TaughtFrame[]) => list.splice(0, list.length, ...list.filter((f) => !gone.has(f)));
    keep(this.frames);
    for (const b of this.bursts) keep(b);
  }
}
