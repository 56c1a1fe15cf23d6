/**
 * A source over decoded frames held in memory (DICOM cine loops): letterboxed to the analysis size,
 * played at the cine rate (live) or as fast as the consumer takes them, optionally looped.
 */
import { EventEmitter } from 'node:events';
import type { FrameSource, GreyImage, SourceInfo } from '../frames.js';
import { letterbox } from './crop-scale.js';

export class MemorySource extends EventEmitter implements FrameSource {
  readonly pid = undefined;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  /**
   * @param load reads the frames (called at start, so errors surface as 'error' events)
   * @param realtime pace at fps, else emit back to back (yielding to the event loop between frames)
   */
  constructor(
    readonly spec: SourceInfo,
    private readonly load: () => { frames: GreyImage[]; fps: number },
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
    this.stopped = false;
    let cine: { frames: GreyImage[]; fps: number };
    try {
      cine = this.load();
    } catch (e) {
      queueMicrotask(() => this.emit('error', e));
      return;
    }
    this.fps = cine.fps;
    const frames = cine.frames.map((f) => letterbox(f, this.size.width, this.size.height));
    const t0 = performance.now();
    let i = 0;
    const next = () => {
      if (this.stopped) return;
      if (i >= frames.length && !this.loop) {
        this.emit('end');
        return;
      }
      const f = frames[i % frames.length];
      this.emit('frame', { ...f, index: i, mediaTime: i / cine.fps, captureTime: performance.now() });
      i++;
      const wait = this.realtime ? t0 + (i * 1000) / cine.fps - performance.now() : 0;
      this.timer = setTimeout(next, Math.max(0, wait));
    };
    next();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
