/**
 * A stream's recent frame arrivals and drops over a sliding window: its frame rate, and the share of frames
 * lost, either dropped here (the queue was full) or never delivered (the source ran below its own frame rate,
 * as ffmpeg does when the machine cannot decode in time). Pure: times in ms are given by the caller.
 */

/** Lost frames above this share of the expected ones mean the stream is behind, %. */
export const BEHIND_PERCENT = 1;

export class LossWindow {
  private readonly arrivals: number[] = [];
  private readonly drops: number[] = [];

  /** @param windowMs length of the window, ms (default 2000) */
  constructor(private readonly windowMs = 2000) {}

  arrive(t: number): void {
    this.arrivals.push(t);
    this.trim(t);
  }

  drop(t: number): void {
    this.drops.push(t);
    this.trim(t);
  }

  /**
   * Figures at `now`. @param nominalFps the source's own frame rate, or null when unknown (then only drops
   * count); @param since when the stream went live, ms: a window not yet full is judged on its live part, and a
   * stream is not called behind before its window is full (a source's first second is often uneven).
   */
  figures(now: number, nominalFps: number | null, since: number): { fps: number; lossPercent: number; behind: boolean } {
    this.trim(now);
    const a = this.arrivals;
    const span = a.length > 1 ? (a[a.length - 1] - a[0]) / 1000 : 0;
    const fps = span > 0 ? (a.length - 1) / span : 0;
    const liveS = Math.min(this.windowMs, Math.max(0, now - since)) / 1000;
    // Every arrival counts, dropped ones too; frames the source should have sent but did not are lost as well,
    // less the one that may be on its way at the window's end.
    const expected = Math.max(a.length, nominalFps ? nominalFps * liveS : 0);
    const lost = this.drops.length + Math.max(0, expected - a.length - 1);
    const lossPercent = expected > 0 ? (100 * lost) / expected : 0;
    return { fps: Math.round(fps * 10) / 10, lossPercent: Math.round(lossPercent * 10) / 10, behind: liveS * 1000 >= this.windowMs && lossPercent > BEHIND_PERCENT };
  }

  private trim(now: number): void {
    while (this.arrivals.length && this.arrivals[0] <= now - this.windowMs) this.arrivals.shift();
    while (this.drops.length && this.drops[0] <= now - this.windowMs) this.drops.shift();
  }
}
