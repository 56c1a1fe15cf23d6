import { describe, expect, it } from 'vitest';
import { Phantom } from '../server/phantom/phantom.js';
import { Rng } from '../server/phantom/rng.js';
import { randomStart, WINDOWS } from '../server/phantom/practice.js';
import { PROTOCOLS } from '../server/protocol.js';
import { CURSOR_START, type ProbeHold } from '../server/pose.js';
import { followHints, type Leg } from './helpers/trainee.js';

/** A few starts here; all 50 per window in `npm run trainee` (docs/trainer.md has its figures). */
const STARTS_PER_WINDOW = 2;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

describe('the automatic trainee, who only does what the hint says', () => {
  it('reaches every view of the comprehensive protocol from random starts in each window, near the fewest presses', () => {
    const ph = new Phantom(3, 16, 16);
    const rng = new Rng(2026);
    const legs: Leg[] = [];
    for (const w of WINDOWS) {
      for (let i = 0; i < STARTS_PER_WINDOW; i++) {
        const start = randomStart(ph, w, rng);
        for (const view of PROTOCOLS.comprehensive) legs.push(followHints(ph, { skin: start, mode: '2d', cursor: CURSOR_START }, view).leg);
      }
    }
    expect(legs).toHaveLength(WINDOWS.length * STARTS_PER_WINDOW * 14);
    for (const l of legs) {
      expect(l.reached, l.view).toBe(true);
      expect(l.mm).toBeLessThanOrEqual(5);
      expect(l.deg).toBeLessThanOrEqual(10);
      expect(l.presses).toBeGreaterThanOrEqual(l.optimum);
    }
    const ratios = legs.map((l) => l.presses / Math.max(1, l.optimum));
    expect(quantile(ratios, 0.5)).toBeLessThanOrEqual(1.5);
    expect(quantile(ratios, 0.95)).toBeLessThanOrEqual(2.5);
  });

  it('goes from the ideal PLAX to A4C and on through the protocol in order, each leg from where the last ended', () => {
    const ph = new Phantom(8, 16, 16);
    let hold: ProbeHold = { skin: ph.idealSkin('plax'), mode: '2d', cursor: CURSOR_START };
    for (const view of PROTOCOLS.comprehensive) {
      const r = followHints(ph, hold, view);
      expect(r.leg.reached, view).toBe(true);
      expect(r.leg.presses / Math.max(1, r.leg.optimum)).toBeLessThanOrEqual(2.5);
      hold = r.hold;
    }
  });
});
