import { describe, expect, it } from 'vitest';
import { AutoCapture, type CaptureFrame, type ClipSource } from './auto-capture.js';
import { autoCaptureSchema } from '../config/auto-capture.js';
import type { ViewId } from '../views.js';

const FPS = 30, STEP = 1000 / FPS;
/** A source of 1000-byte grey frames at 30 fps (times on the same clock as the states). */
const source: ClipSource = {
  frames: (from, to) => {
    const out: CaptureFrame[] = [];
    for (let t = Math.ceil(from / STEP) * STEP; t <= to; t += STEP) out.push({ time: t, grey: { data: new Uint8Array(1000), width: 40, height: 25 } });
    return out;
  },
  thumb: () => ({ data: new Uint8Array(12), width: 4, height: 3 }),
};

/** Feed states at 30 fps for `seconds` from `t0` ms; returns the time after the last one. */
function feed(ac: AutoCapture, t0: number, seconds: number, view: ViewId | null, quality: number | null, stable = true): number {
  let t = t0;
  for (let i = 0; i < seconds * FPS; i++, t += STEP) ac.update({ time: t, view, stable, quality });
  return t;
}

const cfg = autoCaptureSchema.parse({});

describe('auto-capture', () => {
  it('keeps nothing until the view has been stable with a high quality for the hold and the clip length', () => {
    const ac = new AutoCapture(cfg, source, true);
    feed(ac, 0, 2.4, 'a4c', 90);
    expect(ac.clips()).toHaveLength(0);
    feed(ac, 2.4 * 1000, 0.2, 'a4c', 90);
    const [c] = ac.clips();
    expect(c.view).toBe('a4c');
    expect(c.quality).toBe(90);
    expect(c.end - c.start).toBeGreaterThanOrEqual(cfg.clipS * 1000 - STEP);
    expect(c.end - c.start).toBeLessThanOrEqual(cfg.clipS * 1000);
    expect(c.thumb).not.toBeNull();
  });

  it('restarts the hold when quality dips below the threshold, the view is unstable, or there is no quality score', () => {
    const ac = new AutoCapture(cfg, source, true);
    let t = feed(ac, 0, 2, 'plax', 95);
    t = feed(ac, t, 0.1, 'plax', 60);
    t = feed(ac, t, 2, 'plax', 95);
    t = feed(ac, t, 0.1, 'plax', 95, false);
    t = feed(ac, t, 2, 'plax', 95);
    t = feed(ac, t, 0.1, 'plax', null);
    feed(ac, t, 2, 'plax', 95);
    expect(ac.clips()).toHaveLength(0);
  });

  it('replaces a view\'s clip with a better one and keeps it against a worse one', () => {
    const ac = new AutoCapture(cfg, source, true);
    let t = feed(ac, 0, 3, 'a4c', 75);
    t = feed(ac, t, 1, null, null);
    t = feed(ac, t, 3, 'a4c', 92);
    expect(ac.clips().map((c) => [c.view, c.quality])).toEqual([['a4c', 92]]);
    const end = ac.clips()[0].end;
    t = feed(ac, t, 1, null, null);
    feed(ac, t, 3, 'a4c', 80);
    expect(ac.clips()[0].end).toBe(end);
    expect(ac.clips()[0].quality).toBe(92);
  });

  it('keeps the clip with the highest mean quality within a long hold', () => {
    const ac = new AutoCapture(cfg, source, true);
    let t = feed(ac, 0, 3, 'psax-mid', 80);
    t = feed(ac, t, 3, 'psax-mid', 97);
    const best = ac.clips()[0];
    feed(ac, t, 3, 'psax-mid', 85);
    expect(ac.clips()[0]).toBe(best);
    expect(best.quality).toBe(97);
  });

  it('keeps one clip per view', () => {
    const ac = new AutoCapture(cfg, source, true);
    let t = feed(ac, 0, 3, 'plax', 90);
    t = feed(ac, t, 3, 'a4c', 90);
    feed(ac, t, 3, 'plax', 95);
    expect(ac.clips().map((c) => c.view)).toEqual(['plax', 'a4c']);
    expect(ac.bytes).toBe(ac.clips().reduce((a, c) => a + c.bytes, 0));
  });

  it('does not keep a better clip that would pass the memory cap, and says it is full', () => {
    // 1000-byte frames, 75-76 per clip: 0.15 MiB holds two clips, not three.
    const ac = new AutoCapture({ ...cfg, maxMiB: 0.15 }, source, true);
    let t = feed(ac, 0, 3, 'plax', 90);
    t = feed(ac, t, 3, 'a4c', 90);
    expect(ac.full).toBe(false);
    t = feed(ac, t, 3, 'a2c', 90);
    expect(ac.clips().map((c) => c.view)).toEqual(['plax', 'a4c']);
    expect(ac.full).toBe(true);
    expect(ac.bytes).toBeLessThanOrEqual(0.15 * 1024 * 1024);
    // Replacing a clip frees its own bytes first, so a better clip of a kept view still fits.
    feed(ac, t, 3, 'a4c', 99);
    expect(ac.clips().find((c) => c.view === 'a4c')!.quality).toBe(99);
  });

  it('captures nothing while off, and a deleted session starts empty', () => {
    const ac = new AutoCapture(cfg, source, false);
    let t = feed(ac, 0, 3, 'plax', 90);
    expect(ac.clips()).toHaveLength(0);
    ac.on = true;
    t = feed(ac, t, 3, 'plax', 90);
    expect(ac.clips()).toHaveLength(1);
    ac.clear();
    expect(ac.clips()).toHaveLength(0);
    expect(ac.bytes).toBe(0);
  });
});
