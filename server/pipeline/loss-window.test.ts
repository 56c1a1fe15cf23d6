import { describe, expect, it } from 'vitest';
import { LossWindow } from './loss-window.js';

/** Frames every 1000/fps ms from `from` to `to` (ms). */
function feed(w: LossWindow, fps: number, from: number, to: number, drop?: (i: number) => boolean): void {
  for (let i = 0, t = from; t < to; i++, t = from + (i * 1000) / fps) {
    w.arrive(t);
    if (drop?.(i)) w.drop(t);
  }
}

describe('recent frame losses', () => {
  it('a source at its own frame rate with nothing dropped loses nothing', () => {
    const w = new LossWindow();
    feed(w, 30, 0, 5000);
    expect(w.figures(5000, 30, 0)).toEqual({ fps: 30, lossPercent: 0, behind: false });
  });

  it('counts frames the source never delivered against its frame rate', () => {
    const w = new LossWindow();
    feed(w, 27, 0, 5000);
    const f = w.figures(5000, 30, 0);
    expect(f.lossPercent).toBeCloseTo(10, 0);
    expect(f.behind).toBe(true);
  });

  it('counts frames dropped from a full queue', () => {
    const w = new LossWindow();
    feed(w, 30, 0, 5000, (i) => i % 2 === 0);
    const f = w.figures(5000, 30, 0);
    expect(f.lossPercent).toBeCloseTo(50, -1); // half of the frames in the window, give or take the one at its edge
    expect(f.behind).toBe(true);
  });

  it('forgets losses older than its window', () => {
    const w = new LossWindow(2000);
    feed(w, 30, 0, 2000, () => true);
    feed(w, 30, 2000, 6000);
    expect(w.figures(6000, 30, 0).lossPercent).toBe(0);
  });

  it('judges a stream that just went live on its live part only, and not as behind before its window is full', () => {
    const w = new LossWindow();
    feed(w, 30, 10_000, 10_500);
    expect(w.figures(10_500, 30, 10_000)).toMatchObject({ lossPercent: 0, behind: false });
    expect(w.figures(10_500, 60, 10_000).behind).toBe(false);
    feed(w, 30, 10_500, 12_000);
    expect(w.figures(12_000, 60, 10_000).behind).toBe(true);
  });

  it('without a known frame rate, only drops count', () => {
    const w = new LossWindow();
    feed(w, 12, 0, 3000);
    expect(w.figures(3000, null, 0).lossPercent).toBe(0);
  });
});
