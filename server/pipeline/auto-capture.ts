/**
 * Auto-capture, the pure logic: once a view has been stable with quality >= minQuality for holdS, keep the
 * best clipS-long clip of it (best = highest mean quality over the clip's states), replacing a worse one, within
 * a memory cap. Times are ms on the frames' clock (performance.now()), given by the caller; frames come from a
 * ClipSource, so the logic is the same for JPEG frames at full resolution and grey analysis frames.
 */
import type { GreyImage } from '../frames.js';
import type { ViewId } from '../views.js';
import type { AutoCaptureConfig } from '../config/auto-capture.js';

/** A kept frame: JPEG at the source's own resolution (`#fullres`), or a grey analysis frame (the phantom and other sources). */
export type CaptureFrame = { time: number; jpeg: Uint8Array } | { time: number; grey: GreyImage };

export const frameBytes = (f: CaptureFrame): number => ('jpeg' in f ? f.jpeg.length : f.grey.data.length);

/** A view's best clip so far. */
export interface Clip {
  view: ViewId;
  /** First and last frame times, ms (performance.now()). */
  start: number;
  end: number;
  /** Mean quality score over the clip's states, 0-100. */
  quality: number;
  frames: CaptureFrame[];
  bytes: number;
  /** A small grey picture of the view, for the dashboard. */
  thumb: GreyImage | null;
}

/** One published state, as auto-capture sees it. */
export interface CaptureSample {
  /** The frame's capture time, ms (performance.now()). */
  time: number;
  view: ViewId | null;
  stable: boolean;
  /** Quality score 0-100, or null when there is none (then nothing is captured). */
  quality: number | null;
}

/** Where a clip's frames come from. */
export interface ClipSource {
  /** Frames captured from `from` to `to` (ms), oldest first. */
  frames(from: number, to: number): CaptureFrame[];
  /** A small grey picture of the latest frame, or null. */
  thumb(): GreyImage | null;
}

/** What one state did: a clip kept (first of its view, or better than the one it replaced), a better clip that did not fit, or nothing. */
export type CaptureOutcome = { kept: ViewId; replaced: boolean } | { full: ViewId } | null;

export class AutoCapture {
  /** Whether capture is on (off: states are ignored, kept clips stay until deleted). */
  on: boolean;
  /** The last better clip did not fit in the memory cap. */
  full = false;
  /** The current run of qualifying states: its view, start (ms) and the states within the last clipS. */
  private run: { view: ViewId; start: number; samples: Array<{ time: number; q: number }> } | null = null;
  private readonly kept = new Map<ViewId, Clip>();
  private held = 0;

  constructor(private readonly cfg: AutoCaptureConfig, private readonly source: ClipSource, on: boolean) {
    this.on = on;
  }

  update(s: CaptureSample): CaptureOutcome {
    const ok = this.on && s.stable && s.view !== null && s.quality !== null && s.quality >= this.cfg.minQuality;
    if (!ok) {
      this.run = null;
      return null;
    }
    const view = s.view!;
    if (!this.run || this.run.view !== view) this.run = { view, start: s.time, samples: [] };
    const run = this.run;
    const clipMs = this.cfg.clipS * 1000;
    run.samples.push({ time: s.time, q: s.quality! });
    while (run.samples[0].time < s.time - clipMs) run.samples.shift();
    // The hold comes first; a clip is always whole and lies within the run.
    if (s.time - run.start < Math.max(this.cfg.holdS, this.cfg.clipS) * 1000) return null;
    const quality = run.samples.reduce((a, x) => a + x.q, 0) / run.samples.length;
    const old = this.kept.get(view);
    if (old && quality <= old.quality) return null;
    const frames = this.source.frames(s.time - clipMs, s.time);
    if (!frames.length) return null;
    const bytes = frames.reduce((a, f) => a + frameBytes(f), 0);
    if (this.held - (old?.bytes ?? 0) + bytes > this.cfg.maxMiB * 1024 * 1024) {
      this.full = true;
      return { full: view };
    }
    this.held += bytes - (old?.bytes ?? 0);
    this.kept.set(view, { view, start: frames[0].time, end: frames.at(-1)!.time, quality, frames, bytes, thumb: this.source.thumb() });
    return { kept: view, replaced: old !== undefined };
  }

  /** Kept clips, in the order their views were first captured. */
  clips(): Clip[] {
    return [...this.kept.values()];
  }

  /** Drop every clip (the session is deleted); capture stays on or off as it was. */
  clear(): void {
    this.kept.clear();
    this.held = 0;
    this.full = false;
    this.run = null;
  }

  /** Bytes held by kept clips. */
  get bytes(): number {
    return this.held;
  }
}
