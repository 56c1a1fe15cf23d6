import { describe, expect, it } from 'vitest';
import { Phantom } from './phantom.js';
import { landmarks } from './anatomy.js';
import { movePose, type Pose } from './probe.js';
import { angleDeg, dot, sub, type Vec3 } from './vec.js';

/** Where a point lands on the screen of a pose: x (cm, right positive) and depth (cm, down positive). */
const screen = (p: Pose, q: Vec3) => ({ x: dot(sub(q, p.pos), p.lat), depth: dot(sub(q, p.pos), p.dir) });
/** How far a patient direction points to the screen's right (-1 to 1). */
const rightward = (p: Pose, d: Vec3) => dot(p.lat, d);
const LEFT: Vec3 = [1, 0, 0], HEAD: Vec3 = [0, 0, 1];

describe('display conventions (standard adult transthoracic display)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const ph = new Phantom(seed, 160, 120);
    const lm = landmarks(ph.anatomy);
    const pose = ph.poses;
    const at = (v: keyof typeof pose, q: Vec3) => screen(pose[v], q);

    it(`shows PLAX with the aorta right, the apex left and the RV in the near field (seed ${seed})`, () => {
      expect(at('plax', lm.aorticValve).x).toBeGreaterThan(at('plax', lm.apex).x);
      expect(at('plax', lm.rv).depth).toBeLessThan(at('plax', lm.la).depth);
    });

    it(`shows both short axes with the RV upper left of the LV and the patient's left on the right (seed ${seed})`, () => {
      for (const v of ['psax-basal', 'psax-mid'] as const) {
        expect(at(v, lm.rv).x, v).toBeLessThan(at(v, lm.lv).x);
        expect(at(v, lm.rv).depth, v).toBeLessThan(at(v, lm.lv).depth);
        expect(rightward(pose[v], LEFT), v).toBeGreaterThan(0.5);
      }
      expect(at('psax-basal', lm.ra).x).toBeLessThan(at('psax-basal', lm.aorticValve).x);
    });

    it(`shows apical views apex up, with the LV on the right in 4 and 5 chambers (seed ${seed})`, () => {
      for (const v of ['a4c', 'a5c', 'a2c', 'a3c'] as const) expect(at(v, lm.apex).depth, v).toBeLessThan(at(v, lm.la).depth - 5);
      for (const v of ['a4c', 'a5c'] as const) {
        expect(at(v, lm.lv).x, v).toBeGreaterThan(at(v, lm.rv).x);
        expect(at(v, lm.la).x, v).toBeGreaterThan(at(v, lm.ra).x);
      }
      expect(rightward(pose.a2c, HEAD), 'a2c: inferior wall left, anterior right').toBeGreaterThan(0.3);
      expect(at('a3c', lm.aorticValve).x, 'a3c: outflow on the right').toBeGreaterThan(at('a3c', lm.la).x);
    });

    it(`shows subcostal views with the RV nearest the liver, the apex right and the head right (seed ${seed})`, () => {
      expect(at('sub-4c', lm.rv).depth).toBeLessThan(at('sub-4c', lm.lv).depth);
      expect(at('sub-4c', lm.apex).x).toBeGreaterThan(at('sub-4c', lm.ra).x + 4);
      expect(rightward(pose['sub-ivc'], HEAD)).toBeGreaterThan(0.8);
      expect(rightward(pose['sub-aorta'], HEAD)).toBeGreaterThan(0.8);
    });

    it(`shows the arch at the top with the ascending aorta left of the descending (seed ${seed})`, () => {
      expect(at('ssn-arch', lm.ascending).x).toBeLessThan(at('ssn-arch', lm.descending).x);
      expect(at('ssn-arch', lm.archTop).depth).toBeLessThan(at('ssn-arch', lm.descending).depth);
    });

    it(`reaches each view by the turn views.md names (seed ${seed})`, () => {
      const closer = (from: Pose, to: Pose, clockwiseDeg: number) =>
        angleDeg(movePose(from, { rotate: clockwiseDeg }).lat, to.lat) < angleDeg(movePose(from, { rotate: -clockwiseDeg }).lat, to.lat);
      expect(closer(pose.plax, pose['psax-basal'], 90), 'plax to psax: clockwise').toBe(true);
      expect(closer(pose.a4c, pose.a2c, -75), 'a4c to a2c: counter-clockwise').toBe(true);
      expect(closer(pose.a2c, pose.a3c, -35), 'a2c to a3c: counter-clockwise').toBe(true);
      expect(closer(pose['sub-4c'], pose['sub-ivc'], -90), 'sub-4c to sub-ivc: counter-clockwise').toBe(true);
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
