import { describe, expect, it } from 'vitest';
import { Phantom } from './phantom.js';
import { landmarks } from './anatomy.js';
import type { Pose } from './probe.js';
import { dot, sub, type Vec3 } from './vec.js';

/** Where a point lands on the screen of a pose: x (cm, right positive) and depth (cm, down positive). */
const screen = (p: Pose, q: Vec3) => ({ x: dot(sub(q, p.pos), p.lat), depth: dot(sub(q, p.pos), p.dir) });
/** The patient's left (patient frame: x = left, y = anterior, z = head). */
const LEFT: Vec3 = [1, 0, 0];

describe('display conventions (standard adult transthoracic display, ../shared/design/sim-to-real.md)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const ph = new Phantom(seed, 160, 120);
    const lm = landmarks(ph.anatomy);
    const at = (v: keyof typeof ph.poses, q: Vec3) => screen(ph.poses[v], q);

    it(`shows PLAX with the aorta right and the apex left (seed ${seed})`, () => {
      expect(at('plax', lm.aorticValve).x).toBeGreaterThan(at('plax', lm.apex).x);
    });

    it(`shows both short axes with the RV upper left of the LV and the patient's left on the right (seed ${seed})`, () => {
      for (const v of ['psax-basal', 'psax-mid'] as const) {
        expect(at(v, lm.rv).x, v).toBeLessThan(at(v, lm.lv).x);
        expect(at(v, lm.rv).depth, v).toBeLessThan(at(v, lm.lv).depth);
        expect(dot(ph.poses[v].lat, LEFT), v).toBeGreaterThan(0.3);
      }
    });

    it(`shows apical views apex up, with the LV and LA on the right in 4 and 5 chambers (seed ${seed})`, () => {
      for (const v of ['a4c', 'a5c', 'a2c', 'a3c'] as const) expect(at(v, lm.apex).depth, v).toBeLessThan(at(v, lm.la).depth - 5);
      for (const v of ['a4c', 'a5c'] as const) {
        expect(at(v, lm.lv).x, v).toBeGreaterThan(at(v, lm.rv).x);
        expect(at(v, lm.la).x, v).toBeGreaterThan(at(v, lm.ra).x);
      }
      expect(at('a3c', lm.aorticValve).x, 'a3c: outflow on the right').toBeGreaterThan(at('a3c', lm.la).x);
    });

    it(`shows the subcostal four chambers across the image from below the heart, RV nearest, apex right (seed ${seed})`, () => {
      const p = ph.poses['sub-4c'];
      expect(p.pos[2], 'window below the four-chamber centre').toBeLessThan(lm.fourChamberCentre[2] - 1);
      expect(at('sub-4c', lm.rv).depth).toBeLessThan(at('sub-4c', lm.lv).depth);
      expect(at('sub-4c', lm.apex).x).toBeGreaterThan(at('sub-4c', lm.la).x + 3);
      // Across, not standing up: the long axis (LA to apex) runs more along the screen than down it.
      const la = at('sub-4c', lm.la), apex = at('sub-4c', lm.apex);
      expect(Math.abs(apex.x - la.x)).toBeGreaterThan(Math.abs(apex.depth - la.depth));
      for (const v of ['sub-ivc', 'sub-aorta'] as const) expect(ph.poses[v].pos[2], v).toBeLessThan(lm.fourChamberCentre[2]);
    });
  }

  it('draws the orientation dot on the screen right of the apex, the marker side', () => {
    let checked = 0;
    for (let seed = 1; seed <= 12 && checked < 3; seed++) {
      const ph = new Phantom(seed, 400, 300);
      const c = ph.preset.dotColor;
      if (c[0] === c[1] && c[1] === c[2]) continue; // a grey dot cannot be told from the fan
      checked++;
      for (const v of ['plax', 'psax-mid', 'a4c', 'sub-4c'] as const) {
        const rgb = ph.frame(ph.canonical(v), 0.3).rgb;
        const apexX = 400 * ph.preset.imageCx;
        const xs: number[] = [];
        for (let y = 0; y < 300; y++)
          for (let x = 0; x < 400; x++) {
            const o = (y * 400 + x) * 3;
            if (rgb[o] === c[0] && rgb[o + 1] === c[1] && rgb[o + 2] === c[2]) xs.push(x);
          }
        expect(xs.length, `${v} seed ${seed}`).toBeGreaterThan(0);
        expect(Math.min(...xs), `${v} seed ${seed}`).toBeGreaterThan(apexX);
      }
    }
    expect(checked).toBe(3);
  });
});
