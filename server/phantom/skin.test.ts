import { describe, expect, it } from 'vitest';
import { Phantom } from './phantom.js';
import { moveSkin, poseOfSkin, skinOfPose } from './skin.js';
import { labelForPose, type PlaneView } from './probe.js';
import { dot, norm, sub } from './vec.js';
import { poseError } from '../pose.js';
import { PLANE_VIEWS } from '../views.js';

const ph = new Phantom(11, 16, 16);

describe('probe kinematics on the skin', () => {
  it('puts every view ideal state exactly on its canonical pose, across seeds, so no rendering changes', () => {
    for (const seed of [1, 2, 3, 99, 11]) {
      const p = new Phantom(seed, 16, 16);
      for (const v of PLANE_VIEWS as PlaneView[]) {
        const pose = p.skinPose(p.idealSkin(v));
        const e = poseError(pose, p.poses[v]);
        expect(e.mm, `${seed} ${v}`).toBeLessThan(0.01);
        expect(e.deg, `${seed} ${v}`).toBeLessThan(0.01);
        expect(labelForPose(p.poses, pose)).toBe(v);
      }
    }
  });

  it('keeps the beam going into the body, within 80 degrees of the skin normal, at every ideal pose', () => {
    for (const v of PLANE_VIEWS as PlaneView[]) {
      const st = ph.idealSkin(v);
      const f = ph.torso.frame(st.s, st.z);
      expect(-dot(ph.skinPose(st).dir, f.n), v).toBeGreaterThan(Math.cos((80 * Math.PI) / 180));
    }
  });

  it('slides the contact point 5 mm (within 30%) along the skin per press and keeps the probe held the same way', () => {
    const st = ph.idealSkin('plax');
    for (const m of [{ s: 0.5 }, { s: -0.5 }, { z: 0.5 }, { z: -0.5 }]) {
      const next = moveSkin(st, m);
      const d = norm(sub(ph.skinPose(next).pos, ph.skinPose(st).pos));
      expect(d).toBeGreaterThan(0.35);
      expect(d).toBeLessThan(0.65);
      expect([next.rotate, next.tilt, next.rock]).toEqual([st.rotate, st.tilt, st.rock]);
    }
    // Toward the patient's left is +x on the front of the chest, toward the head +z.
    expect(ph.skinPose(moveSkin(st, { s: 2 })).pos[0]).toBeGreaterThan(ph.skinPose(st).pos[0]);
    expect(ph.skinPose(moveSkin(st, { z: 2 })).pos[2]).toBeGreaterThan(ph.skinPose(st).pos[2]);
  });

  it('rotates the marker clockwise as seen looking at the chest: from the head toward the patient\'s left', () => {
    const front = { s: 0, z: 0, rotate: 0, tilt: 0, rock: 0 };
    const up = ph.skinPose(front);
    expect(up.lat[2]).toBeGreaterThan(0.99);
    const cw = ph.skinPose(moveSkin(front, { rotate: 90 }));
    expect(cw.lat[0]).toBeGreaterThan(0.99); // the patient's left is the viewer's right: clockwise
    expect(dot(cw.dir, up.dir)).toBeCloseTo(1, 9); // about the beam axis of an upright probe
  });

  it('tilts out of the image plane and rocks within it, 5 degrees a press (a rock shrinks by the cosine of the tilt)', () => {
    const st = ph.idealSkin('a4c');
    const p0 = ph.skinPose(st);
    const tilted = ph.skinPose(moveSkin(st, { tilt: 5 }));
    const rocked = ph.skinPose(moveSkin(st, { rock: 5 }));
    const elev = [p0.dir[1] * p0.lat[2] - p0.dir[2] * p0.lat[1], p0.dir[2] * p0.lat[0] - p0.dir[0] * p0.lat[2], p0.dir[0] * p0.lat[1] - p0.dir[1] * p0.lat[0]] as const;
    expect(poseError(tilted, p0).beamDeg).toBeCloseTo(5, 1);
    expect(Math.abs(dot(sub(tilted.dir, p0.dir), elev))).toBeGreaterThan(Math.abs(dot(sub(tilted.dir, p0.dir), p0.lat)));
    expect(poseError(rocked, p0).beamDeg).toBeCloseTo(5 * Math.cos((st.tilt * Math.PI) / 180), 0);
    expect(dot(sub(rocked.dir, p0.dir), p0.lat)).toBeGreaterThan(0); // toward the marker
  });

  it('makes presses commute: the same presses in any order end at the same pose', () => {
    const st = ph.idealSkin('psax-mid');
    const a = [{ s: 0.5 }, { rotate: 5 }, { tilt: -5 }, { z: 0.5 }, { rock: 5 }];
    const forward = a.reduce(moveSkin, st);
    const backward = [...a].reverse().reduce(moveSkin, st);
    expect(poseError(poseOfSkin(ph.torso, forward), poseOfSkin(ph.torso, backward)).mm).toBe(0);
    expect(poseError(poseOfSkin(ph.torso, forward), poseOfSkin(ph.torso, backward)).deg).toBe(0);
  });

  it('finds the probe state of a pose on the skin (the inverse)', () => {
    const st = moveSkin(ph.idealSkin('sub-4c'), { s: 1, z: -1.5, rotate: 20, tilt: 10, rock: -10 });
    const back = skinOfPose(ph.torso, poseOfSkin(ph.torso, st));
    for (const k of ['s', 'z', 'rotate', 'tilt', 'rock'] as const) expect(back[k]).toBeCloseTo(st[k], 4);
  });
});
