/**
 * Temporal smoothing of per-frame class probabilities: a forward (HMM) filter with a sticky transition
 * matrix, then hysteresis (enter and exit thresholds, minimum dwell), plus blank and frozen detection.
 *
 * States: `stable` (a view is held), `acquiring` (a candidate is building up or a view was just lost),
 * `unknown` (the belief is on "none" or spread thin, or the image is unfamiliar), `no-image` (blank, or the
 * same image for over a second). With per-frame out-of-distribution verdicts it also keeps the unfamiliar flag.
 */
import type { TemporalConfig } from '../config/temporal.js';
import { UnfamiliarTracker } from './unfamiliar.js';

export type TemporalState = 'stable' | 'acquiring' | 'unknown' | 'no-image';

export interface TemporalOutput {
  state: TemporalState;
  /** The stable view, or null unless state is stable. */
  view: string | null;
  /** The leading class of the smoothed belief (may be the none class) and its belief. */
  candidate: string;
  confidence: number;
  /** Smoothed belief over classes (same order as the model's classes). */
  belief: Float32Array;
  /** Why there is no image, when state is no-image. */
  reason?: 'blank' | 'frozen';
  /** The image is unfamiliar (then state is unknown and view null); false without verdicts. */
  unfamiliar: boolean;
}

export class TemporalFilter {
  private belief: Float32Array;
  private lastTime: number | null = null;
  private stable: number | null = null;
  private candidate = -1;
  private candidateSince = 0;
  private prevFrame: Uint8Array | null = null;
  private sameSince: number | null = null;
  private readonly noneIndex: number;
  private readonly unfamiliar: UnfamiliarTracker;

  /**
   * @param classes the model's classes in output order
   * @param cfg thresholds (config/temporal.ts)
   */
  constructor(private readonly classes: string[], private readonly cfg: TemporalConfig, noneClass = 'none') {
    this.belief = new Float32Array(classes.length).fill(1 / classes.length);
    this.noneIndex = classes.indexOf(noneClass);
    this.unfamiliar = new UnfamiliarTracker(cfg);
  }

  /**
   * Update with one frame.
   * @param time capture time, s
   * @param probs the model's probabilities for the frame
   * @param frame the model's input crop (uint8), for blank and frozen detection
   * @param unfamiliarFrame this frame's out-of-distribution verdict (pipeline/unfamiliar.ts), if the model has a rule
   */
  update(time: number, probs: ArrayLike<number>, frame?: Uint8Array, unfamiliarFrame?: boolean): TemporalOutput {
    const dt = this.lastTime === null ? 0 : Math.max(0, Math.min(2, time - this.lastTime));
    this.lastTime = time;
    const noImage = frame ? this.imageState(time, frame) : null;
    if (noImage) {
      this.stable = null;
      this.candidate = -1;
      this.belief.fill(1 / this.classes.length);
      this.unfamiliar.reset();
      return { state: 'no-image', view: null, candidate: this.classes[this.noneIndex] ?? 'none', confidence: 0, belief: this.belief, reason: noImage, unfamiliar: false };
    }
    const unfamiliar = unfamiliarFrame !== undefined && this.unfamiliar.update(time, unfamiliarFrame);
    // Predict: stay with probability exp(-rate*dt), else move uniformly.
    const k = this.classes.length;
    const stay = Math.exp(-this.cfg.switchRate * dt);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const prior = this.belief[i] * stay + (1 - stay) / k;
      const v = prior * Math.pow(Math.max(probs[i], 1e-6), this.cfg.evidencePower);
      this.belief[i] = v;
      sum += v;
    }
    let top = 0;
    for (let i = 0; i < k; i++) {
      this.belief[i] /= sum;
      if (this.belief[i] > this.belief[top]) top = i;
    }
    const b = this.belief;
    // Hysteresis.
    if (this.stable !== null && b[this.stable] < this.cfg.exit) this.stable = null;
    if (top !== this.candidate) {
      this.candidate = top;
      this.candidateSince = time;
    }
    if (top !== this.noneIndex && top !== this.stable && b[top] >= this.cfg.enter && time - this.candidateSince >= this.cfg.minDwell) {
      this.stable = top;
    }
    if (unfamiliar) return { state: 'unknown', view: null, candidate: this.classes[top], confidence: b[top], belief: b, unfamiliar };
    if (this.stable !== null) {
      return { state: 'stable', view: this.classes[this.stable], candidate: this.classes[top], confidence: b[this.stable], belief: b, unfamiliar };
    }
    const state: TemporalState = top === this.noneIndex || b[top] < this.cfg.exit ? 'unknown' : 'acquiring';
    return { state, view: null, candidate: this.classes[top], confidence: b[top], belief: b, unfamiliar };
  }

  /** Blank (dark and flat) or frozen (unchanged for frozenAfter seconds), else null. */
  private imageState(time: number, frame: Uint8Array): 'blank' | 'frozen' | null {
    let s = 0, s2 = 0, diff = 0;
    const prev = this.prevFrame;
    for (let i = 0; i < frame.length; i++) {
      const v = frame[i];
      s += v;
      s2 += v * v;
      if (prev) diff += Math.abs(v - prev[i]);
    }
    const mean = s / frame.length;
    const std = Math.sqrt(Math.max(0, s2 / frame.length - mean * mean));
    const same = prev !== null && diff / frame.length < this.cfg.frozenDelta;
    // The caller reuses its crop buffers: keep a copy, in the same array from frame to frame.
    if (prev?.length === frame.length) prev.set(frame);
    else this.prevFrame = Uint8Array.from(frame);
    if (!same) this.sameSince = null;
    else if (this.sameSince === null) this.sameSince = time;
    if (mean < this.cfg.blankMean && std < this.cfg.blankStd) return 'blank';
    if (this.sameSince !== null && time - this.sameSince >= this.cfg.frozenAfter) return 'frozen';
    return null;
  }
}
