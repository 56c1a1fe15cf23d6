/**
 * A source over frames decoded on demand from memory (DICOM cine loops): each frame is decoded when it is
 * due and letterboxed to the analysis size into one reused buffer, so at most one decoded frame is held;
 * played at the cine rate (live) or as fast as the consumer takes them, optionally looped.
 */
import { EventEmitter } from 'node:events';
import type { FrameSource, GreyImage, SourceInfo } from '../frames.js';
import { letterbox } from './crop-scale.js';

/** Frames decoded on demand: `frame(i)` for i in 0..count-1 may throw (a UserError naming the frame). */
export interface FrameStore {
  count: number;
  /** frames/s */
  fps: number;
  frame(i: number): GreyImage;
}

export class MemorySource extends EventEmitter implements FrameSource {
  readonly pid = undefined;
  private timer: NodeJS.Timeout | null = null;
  /** Bumped by start and stop, so a load or timer from an earlier run does nothing. */
  private run = 0;

  /**
   * @param load opens the frames (called at start, so errors surface as 'error' events)
   * @param size the analysis size, px
   * @param realtime pace at fps, else emit back to back (yielding to the event loop between frames)
   */
  constructor(
    readonly spec: SourceInfo,
    private readonly load: () => Promise<FrameStore>,
    private readonly size: { width: number; height: number },
    private readonly realtime: boolean,
    private readonly loop: boolean,
    public fps: number | null = null,
  ) {
    super();
  }

  stderrTail(): string[] {
    return [];
  }

  start(): void {
    const run = ++this.run;
    this.load().then(
      (store) => run === this.run && this.play(store, run),
      (e) => run === this.run && this.emit('error', e),
    );
  }

  private play(store: FrameStore, run: number): void {
    this.fps = store.fps;
    const out = new Uint8Array(this.size.width * this.size.height);
    const t0 = performance.now();
    let i = 0;
    const next = () => {
      if (run !== this.run) return;
      if (i >= store.count && !this.loop) {
        this.emit('end');
        return;
      }
      let f: GreyImage;
      try {
        f = letterbox(store.frame(i % store.count), this.size.width, this.size.height, out);
      } catch (e) {
        this.emit('error', e);
        return;
      }
      this.emit('frame', { ...f, index: i, mediaTime: i / store.fps, captureTime: performance.now() });
      i++;
      const wait = this.realtime ? t0 + (i * 1000) / store.fps - performance.now() : 0;
      this.timer = setTimeout(next, Math.max(0, wait));
    };
    next();
  }

  async stop(): Promise<void> {
    this.run++;
    if (this.timer) clearTimeout(this.timer);
  }
}
