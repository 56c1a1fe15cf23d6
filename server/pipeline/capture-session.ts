/**
 * A stream's auto-capture session: feeds its published states to AutoCapture, takes clip frames from the
 * source's full-resolution JPEGs (`#fullres`) or else from copies of the grey analysis frames it keeps for the
 * last clip length, and reports the session in protocol shapes. main.ts wires one per stream.
 */
import type { FullResFrames, GreyFrame, GreyImage } from '../frames.js';
import type { CaptureIndicator, CapturesMessage, CaptureSummary, StateMessage } from '../protocol.js';
import type { AutoCaptureConfig } from '../config/auto-capture.js';
import { AutoCapture, type CaptureFrame, type Clip, type CaptureOutcome } from './auto-capture.js';

export interface CaptureSessionDeps {
  stream: string;
  cfg: AutoCaptureConfig;
  /** Capture on at start (autoCapture.phantom or .real). */
  on: boolean;
  /** A phantom source: without a quality score, its truth stands in for one (below). */
  phantom: boolean;
  /** The current source's full-resolution frames, or null when it keeps none. */
  fullRes: () => FullResFrames | null;
  /** Scale a frame down to a thumbnail (a new image). */
  thumb: (img: GreyImage) => GreyImage;
  /** A JPEG's size from its header (capture/image-header.ts), or null. */
  jpegSize: (jpeg: Uint8Array) => { width: number; height: number } | null;
}

/** Analysis frames kept beyond the clip length, s: the last state's frame is a little older than the newest frame. */
const SLACK_S = 1;

export class CaptureSession {
  readonly capture: AutoCapture;
  private rev = 0;
  /** Copies of recent grey frames (times in ms, performance.now()), while on and without full-resolution frames. */
  private grey: Array<{ time: number; grey: GreyImage }> = [];
  private latest: GreyImage | null = null;
  /** Epoch ms minus performance.now() ms: states carry epoch times, frames performance.now() ones. */
  private readonly epochOffset = Date.now() - performance.now();

  constructor(private readonly d: CaptureSessionDeps) {
    this.capture = new AutoCapture(d.cfg, {
      frames: (from, to) => this.frames(from, to),
      thumb: () => (this.latest ? d.thumb(this.latest) : null),
    }, d.on);
  }

  /** Every frame from the source (the pipeline reuses its buffers, so the ones kept are copied). */
  frame(f: GreyFrame): void {
    if (!this.capture.on) return;
    const img = { data: f.data.slice(), width: f.width, height: f.height };
    this.latest = img;
    if (this.d.fullRes()) return void (this.grey = []);
    this.grey.push({ time: f.captureTime, grey: img });
    const keepMs = (this.d.cfg.clipS + SLACK_S) * 1000;
    while (this.grey.length && this.grey[0].time < f.captureTime - keepMs) this.grey.shift();
  }

  /** A published state: captured by its quality score; without one, nothing is captured on a real source. */
  state(m: StateMessage): CaptureOutcome {
    const out = this.capture.update({ time: m.captureTs - this.epochOffset, view: m.view, stable: m.temporal === 'stable', quality: this.quality(m) });
    if (out) this.rev++;
    return out;
  }

  /**
   * The state's quality score; on a phantom whose model has no quality output, 100 while the shown view is the
   * phantom's truth (a stand-in, so the phantom demonstrates capture with any model), else none.
   */
  private quality(m: StateMessage): number | null {
    if (m.quality !== undefined) return m.quality?.score ?? null;
    return this.d.phantom && m.truth !== undefined ? (m.view !== null && m.truth === m.view ? 100 : 0) : null;
  }

  private frames(from: number, to: number): CaptureFrame[] {
    const full = this.d.fullRes();
    if (full) return full.since(from).filter((f) => f.time <= to).map((f) => ({ time: f.time, jpeg: f.jpeg }));
    return this.grey.filter((f) => f.time >= from && f.time <= to);
  }

  setOn(on: boolean): void {
    this.capture.on = on;
    if (!on) (this.grey = []), (this.latest = null);
    this.rev++;
  }

  /** Delete the session's clips. */
  clear(): void {
    this.capture.clear();
    this.rev++;
  }

  clips(): Clip[] {
    return this.capture.clips();
  }

  indicator(): CaptureIndicator {
    return { on: this.capture.on, views: this.capture.clips().length, rev: this.rev, full: this.capture.full };
  }

  message(extra: Pick<CapturesMessage, 'note' | 'exported'> = {}): CapturesMessage {
    return {
      type: 'captures', stream: this.d.stream, on: this.capture.on, clips: this.sized().map((c) => this.summary(c)),
      bytes: this.capture.bytes, maxBytes: Math.round(this.d.cfg.maxMiB * 1024 * 1024), full: this.capture.full, ...extra,
    };
  }

  /** The clips with their frame size (px) and end time (epoch ms), for export. */
  sized(): Array<{ clip: Clip; width: number; height: number; capturedAt: number }> {
    return this.clips().map((clip) => {
      const f = clip.frames[0];
      const size = 'grey' in f ? f.grey : (this.d.jpegSize(f.jpeg) ?? { width: 0, height: 0 });
      return { clip, width: size.width, height: size.height, capturedAt: Math.round(clip.end + this.epochOffset) };
    });
  }

  private summary({ clip: c, width, height, capturedAt }: ReturnType<CaptureSession['sized']>[number]): CaptureSummary {
    return {
      view: c.view, quality: Math.round(c.quality * 10) / 10, seconds: Math.round(c.end - c.start) / 1000, frames: c.frames.length,
      width, height, resolution: 'jpeg' in c.frames[0] ? 'full-res' : 'analysis', capturedAt,
      thumb: c.thumb ? { width: c.thumb.width, height: c.thumb.height, grey: Buffer.from(c.thumb.data).toString('base64') } : null,
    };
  }
}
