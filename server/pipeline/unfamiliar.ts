/**
 * Unfamiliar images: frames unlike anything the model was trained on (a test pattern, a desktop, a photo), told
 * apart from `none` ("an echo image that is not one of the 15 views") by an out-of-distribution score on the
 * model's outputs and the threshold in its card. Per frame a rule, per stream a smoothed flag with hysteresis,
 * so a few odd frames never raise it. Pure.
 */
import type { ModelOutputs } from './classifier.js';

/** The model card's `ood` block (inference/model-card.ts validates it). */
export type OodRule =
  | {
      /** energy: -logsumexp(logits), low for familiar images; max-logit: the largest logit, high for familiar ones. */
      score: 'energy' | 'max-logit';
      threshold: number;
      /** Unfamiliar when the score is above (energy) or below (max-logit) the threshold. */
      direction: 'above' | 'below';
    }
  | {
      /** weights . embedding + bias: the log-odds that the frame is not an ultrasound image. */
      score: 'embedding-logit';
      weights: readonly number[];
      bias: number;
      threshold: number;
      direction: 'above';
    };

/** A logits score: energy = -logsumexp (low for familiar images), max-logit = the largest logit (high). */
export function oodScore(kind: 'energy' | 'max-logit', logits: ArrayLike<number>, from = 0, k = logits.length - from): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, logits[from + c]);
  if (kind === 'max-logit') return max;
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(logits[from + c] - max);
  return -(max + Math.log(sum));
}

/** Whether one frame's score is on the unfamiliar side of the rule's threshold. */
export function isUnfamiliar(rule: OodRule, score: number): boolean {
  return rule.direction === 'above' ? score > rule.threshold : score < rule.threshold;
}

/** The rule's score of frame j of a batch of n (`o`: the batch's outputs), or undefined when the output it reads is missing. */
export function frameScore(rule: OodRule, o: ModelOutputs, j = 0, n = 1): number | undefined {
  if (rule.score !== 'embedding-logit') {
    const { logits } = o;
    if (!logits) return undefined;
    const k = logits.length / n;
    return oodScore(rule.score, logits, j * k, k);
  }
  const { embedding } = o;
  if (!embedding) return undefined;
  const { weights: w } = rule;
  let s = rule.bias;
  for (let i = 0, e = j * w.length; i < w.length; i++) s += w[i] * embedding[e + i];
  return s;
}

export interface UnfamiliarConfig {
  /** Time constant of the running share of unfamiliar frames, s. */
  unfamiliarTau: number;
  /** Share (0-1) of recent frames that raises the flag, and the share below which it drops. */
  unfamiliarEnter: number;
  unfamiliarExit: number;
}

/** A stream's unfamiliar flag: a running share of unfamiliar frames (exponential, time-based) with hysteresis. */
export class UnfamiliarTracker {
  private share = 0;
  private lastTime: number | null = null;
  private flagged = false;

  constructor(private readonly cfg: UnfamiliarConfig) {}

  /**
   * @param time capture time, s
   * @param unfamiliar whether this frame is unfamiliar (isUnfamiliar)
   * @returns whether the stream shows an unfamiliar image now
   */
  update(time: number, unfamiliar: boolean): boolean {
    const dt = this.lastTime === null ? 0 : Math.max(0, Math.min(2, time - this.lastTime));
    this.lastTime = time;
    this.share += ((unfamiliar ? 1 : 0) - this.share) * (1 - Math.exp(-dt / this.cfg.unfamiliarTau));
    if (this.share >= this.cfg.unfamiliarEnter) this.flagged = true;
    else if (this.share <= this.cfg.unfamiliarExit) this.flagged = false;
    return this.flagged;
  }

  /** Forget the history (a blank or frozen image in between). */
  reset(): void {
    this.share = 0;
    this.lastTime = null;
    this.flagged = false;
  }
}

/** A frame at least this like the frames taught on the machine (`taught`, 0-1) is familiar: it was taught as ultrasound. */
export const TAUGHT_FAMILIAR = 0.5;

/**
 * Frame j's verdict (of a batch of n): true or false under the card's rule, undefined without a rule or its output.
 * Frames like the ones a profile was taught on are familiar whatever the rule says.
 */
export function judgeFrame(rule: OodRule | null, o: ModelOutputs, j = 0, n = 1): boolean | undefined {
  if (!rule) return undefined;
  if (o.taught && o.taught[j] >= TAUGHT_FAMILIAR) return false;
  const score = frameScore(rule, o, j, n);
  return score === undefined ? undefined : isUnfamiliar(rule, score);
}
