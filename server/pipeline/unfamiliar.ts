/**
 * Unfamiliar images: frames unlike anything the model was trained on (a breast scan, a desktop, a photo), told
 * apart from `none` ("an echo image that is not one of the 15 views") by an out-of-distribution score on the
 * model's logits and the threshold in its card. Per frame a rule, per stream a smoothed flag with hysteresis,
 * so a few odd frames never raise it. Pure.
 */

/** The model card's `ood` block. */
export interface OodRule {
  /** energy: -logsumexp(logits), low for familiar images; max-logit: the largest logit, high for familiar ones. */
  score: 'energy' | 'max-logit';
  threshold: number;
  /** Unfamiliar when the score is above (energy) or below (max-logit) the threshold. */
  direction: 'above' | 'below';
}

/** The score of one frame: k logits starting at `from`. */
export function oodScore(kind: OodRule['score'], logits: ArrayLike<number>, from = 0, k = logits.length - from): number {
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

/**
 * One frame's verdict: true or false under the card's rule, undefined when the model has no rule (or no logits).
 * @param logits the batch's logits; the frame's k values start at `from`
 */
export function judgeFrame(rule: OodRule | null, logits: ArrayLike<number> | undefined, from = 0, k = (logits?.length ?? 0) - from): boolean | undefined {
  if (!rule || !logits) return undefined;
  return isUnfamiliar(rule, oodScore(rule.score, logits, from, k));
}
