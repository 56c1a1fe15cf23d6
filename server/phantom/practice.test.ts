import { describe, expect, it } from 'vitest';
import { Phantom } from './phantom.js';
import { optimumPresses, standing } from './practice.js';
import { CURSOR_START } from '../pose.js';

const ph = new Phantom(4, 160, 120);

describe('practice with the virtual probe', () => {
  it('counts a mode view only in its mode, on its base view, with its cursor on its structure', () => {
    const a4c = ph.idealSkin('a4c');
    const target = ph.cursorTarget('pw', ph.poses.a4c);
    expect(standing(ph, { skin: a4c, mode: '2d', cursor: CURSOR_START }, 'pw')).toMatchObject({ poseReached: true, reached: false });
    const off = { angleDeg: target.angleDeg + 10, gateCm: target.gateCm };
    expect(standing(ph, { skin: a4c, mode: 'pw', cursor: off }, 'pw')).toMatchObject({ poseReached: true, cursorPlaced: false, reached: false });
    expect(standing(ph, { skin: a4c, mode: 'pw', cursor: { ...target, gateCm: target.gateCm + 2 } }, 'pw').reached).toBe(false);
    expect(standing(ph, { skin: a4c, mode: 'pw', cursor: target }, 'pw').reached).toBe(true);
    // CW needs no gate; M-mode's line goes through the mitral leaflet tips from PLAX.
    const cw = ph.cursorTarget('cw', ph.poses.a5c);
    expect(standing(ph, { skin: ph.idealSkin('a5c'), mode: 'cw', cursor: { angleDeg: cw.angleDeg, gateCm: 1 } }, 'cw').reached).toBe(true);
    expect(Math.abs(ph.cursorTarget('mmode', ph.poses.plax).angleDeg)).toBeLessThan(40);
  });

  it('counts the mode key and the cursor presses in the optimum', () => {
    const a4c = ph.idealSkin('a4c');
    const target = ph.cursorTarget('pw', ph.poses.a4c);
    const onView = optimumPresses(ph, { skin: a4c, mode: '2d', cursor: CURSOR_START }, 'pw');
    expect(onView).toBeGreaterThanOrEqual(1);
    expect(optimumPresses(ph, { skin: a4c, mode: 'pw', cursor: target }, 'pw')).toBe(0);
    expect(optimumPresses(ph, { skin: a4c, mode: 'pw', cursor: CURSOR_START }, 'pw')).toBe(onView - 1);
  });

  it('fades the Doppler spectrum when the cursor is off its valve', () => {
    const state = ph.canonical('pw');
    const target = ph.cursorTarget('pw', state.pose);
    const mean = (rgb: Uint8Array) => rgb.reduce((a, v) => a + v, 0) / rgb.length;
    const placed = mean(ph.frame({ ...state, cursor: target }, 1.3).rgb);
    const off = mean(ph.frame({ ...state, cursor: { angleDeg: target.angleDeg + 25, gateCm: target.gateCm } }, 1.3).rgb);
    expect(off).toBeLessThan(placed * 0.95);
  });
});
