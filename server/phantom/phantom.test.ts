import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Phantom } from './phantom.js';
import { movePose, labelForPose, TOLERANCE } from './probe.js';
import { tourScript, tourSegments, TOUR_ORDER } from './tour.js';
import { VIEW_IDS } from '../views.js';

const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('phantom', () => {
  it('renders the same bytes for the same seed and different bytes for another seed', () => {
    const a = new Phantom(42, 320, 240), b = new Phantom(42, 320, 240), c = new Phantom(43, 320, 240);
    for (const v of ['a4c', 'pw', 'mmode'] as const) {
      const ha = hash(a.frame(a.canonical(v), 1.234).rgb);
      expect(hash(b.frame(b.canonical(v), 1.234).rgb)).toBe(ha);
      expect(hash(c.frame(c.canonical(v), 1.234).rgb)).not.toBe(ha);
    }
  });

  it('labels every canonical pose with its own view, across seeds', () => {
    for (const seed of [1, 2, 3, 99]) {
      const ph = new Phantom(seed, 160, 120);
      for (const v of VIEW_IDS) expect(ph.label(ph.canonical(v))).toBe(v);
    }
  });

  it('keeps the label while the hand jitters, for ten seconds of every view', () => {
    const ph = new Phantom(5, 160, 120);
    for (const v of VIEW_IDS) {
      for (let t = 0; t < 10; t += 0.25) expect(ph.label({ ...ph.canonical(v), pose: ph.jitter(ph.canonical(v).pose, t) })).toBe(v);
    }
  });

  it('gives no label to poses well outside the tolerance', () => {
    const ph = new Phantom(6, 160, 120);
    for (const v of ['plax', 'a4c', 'sub-4c', 'ssn-arch'] as const) {
      const p = ph.canonical(v).pose;
      expect(labelForPose(ph.poses, movePose(p, { slideLat: TOLERANCE.positionCm * 3 }))).toBeNull();
      expect(labelForPose(ph.poses, movePose(p, { tilt: TOLERANCE.beamDeg * 3 }))).toBeNull();
      expect(labelForPose(ph.poses, movePose(p, { rotate: TOLERANCE.rotationDeg * 3 }))).toBeNull();
    }
  });

  it('tours every view in order with unlabelled transitions between 2D views', () => {
    const ph = new Phantom(7, 160, 120);
    const seconds = 60;
    const script = tourScript(ph, seconds);
    // Runs of equal labels; a transition starts on the previous 2D base view and may graze another view's
    // tolerance briefly, so steady runs are those of at least 1 s.
    const runs: Array<{ label: string | null; n: number }> = [];
    const fps = 15;
    for (let t = 0; t < seconds; t += 1 / fps) {
      const l = ph.label(script(t));
      if (runs[runs.length - 1]?.label === l) runs[runs.length - 1].n++;
      else runs.push({ label: l, n: 1 });
    }
    expect(runs.filter((r) => r.label !== null && r.n >= fps).map((r) => r.label)).toEqual(TOUR_ORDER);
    expect(runs.some((r) => r.label === null)).toBe(true);
    expect(tourSegments(seconds).segments).toHaveLength(15);
  });

  it('draws a fan on black with chrome around it', () => {
    const ph = new Phantom(8, 400, 300);
    const f = ph.frame(ph.canonical('a4c'), 0.5);
    const px = (x: number, y: number) => f.rgb[(y * 400 + x) * 3];
    expect(px(1, 299)).toBe(0); // bottom-left corner is black screen
    let bright = 0;
    for (let y = 100; y < 200; y++) for (let x = 150; x < 250; x++) if (px(x, y) > 20) bright++;
    expect(bright).toBeGreaterThan(2000); // tissue in the middle of the fan
  });
});
