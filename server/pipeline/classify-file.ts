/**
 * Offline classification of one source: every frame is cropped, classified in batches and run through the
 * same temporal smoother as the live server; the result is a timeline and a clip-level view.
 */
import { drain, type FrameSource, type GreyImage } from '../frames.js';
import type { TemporalConfig } from '../config/temporal.js';
import { TemporalFilter, type TemporalOutput } from './temporal.js';
import { type Classifier, argmax, packFrames } from './classifier.js';
import { type ClipSummary, summarise } from './timeline.js';
import { judgeFrame, type OodRule } from './unfamiliar.js';
import { NONE_CLASS } from '../views.js';

export interface ClassifyResult extends ClipSummary {
  frames: number;
  fps: number;
  /** Share of frames (0-1) during which the smoothed unfamiliar-image flag was up; null when the model has no rule. */
  unfamiliar: number | null;
  /**
   * Per-frame model output (argmax class; `topView`, the most probable class other than `none`), its
   * out-of-distribution verdict (undefined without a rule) and the smoothed output, for evaluation.
   */
  perFrame: Array<{ time: number; top: string; topView: string; unfamiliar?: boolean; out: TemporalOutput }>;
}

export interface ClassifyOptions {
  /** Crop a frame to the model input (uint8, the classifier's input size). */
  crop: (img: GreyImage) => Uint8Array;
  /** The model card's out-of-distribution rule, or null. */
  ood: OodRule | null;
  temporal: TemporalConfig;
  /** Treat the input as one still shown for `stillSeconds` (the smoother needs time to settle). */
  still: boolean;
  batch?: number;
  onProgress?: (frames: number) => void;
}

/** A still is shown to the smoother at this rate for just under the frozen-image time, so it can settle. */
const STILL_FPS = 30;

export async function classifySource(source: FrameSource, engine: Classifier, o: ClassifyOptions): Promise<ClassifyResult> {
  const crops: Array<{ crop: Uint8Array; time: number }> = [];
  await drain(source, (f) => {
    crops.push({ crop: o.crop(f), time: f.mediaTime });
    o.onProgress?.(crops.length);
  });
  const fps = source.fps ?? 30;
  const filter = new TemporalFilter(engine.classes, o.temporal);
  const perFrame: ClassifyResult['perFrame'] = [];
  const batch = o.batch ?? 64;
  const k = engine.classes.length, none = engine.classes.indexOf(NONE_CLASS);
  const frameSize = engine.input.width * engine.input.height;
  for (let i = 0; i < crops.length; i += batch) {
    const chunk = crops.slice(i, i + batch);
    const outputs = await engine.run(packFrames(chunk.map((c) => c.crop), frameSize), chunk.length);
    const { probs } = outputs;
    chunk.forEach((c, j) => {
      const p = probs.subarray(j * k, (j + 1) * k);
      const unfamiliar = judgeFrame(o.ood, outputs, j, chunk.length);
      let out = filter.update(c.time, p, c.crop, unfamiliar);
      if (o.still) for (let s = 1; s < STILL_FPS * o.temporal.frozenAfter - 1; s++) out = filter.update(s / STILL_FPS, p, c.crop, unfamiliar);
      perFrame.push({ time: c.time, top: engine.classes[argmax(p)], topView: engine.classes[argmax(p, 0, k, none)], unfamiliar, out });
    });
  }
  const summary = summarise(perFrame.map((p) => ({ time: p.time, out: p.out })), o.still ? 1 : 1 / fps);
  const unfamiliar = o.ood ? Math.round((1000 * perFrame.filter((p) => p.out.unfamiliar).length) / Math.max(1, perFrame.length)) / 1000 : null;
  return { ...summary, frames: crops.length, fps: o.still ? 0 : fps, unfamiliar, perFrame };
}
