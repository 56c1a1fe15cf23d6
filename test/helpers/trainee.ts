/**
 * The automatic trainee: a phantom probe driven only by the trainer's hints (server/pipeline/pose-guidance.ts).
 * It reads the hint, presses the key it names once, and reads the hint again, until the hint says hold.
 */
import type { Phantom } from '../../server/phantom/phantom.js';
import { optimumPresses, standing, targetPose } from '../../server/phantom/practice.js';
import { moveCursor, moveSkin } from '../../server/phantom/skin.js';
import { guidePose } from '../../server/pipeline/pose-guidance.js';
import { PROBE_KEYS } from '../../server/protocol.js';
import { CURSOR_START, type ProbeHold } from '../../server/pose.js';
import type { ViewId } from '../../server/views.js';

export interface Leg {
  view: ViewId;
  presses: number;
  optimum: number;
  reached: boolean;
  /** Final pose error, mm and degrees. */
  mm: number;
  deg: number;
}

/** Give up after this many presses (a hang guard: a leg that needs more has failed). */
const MAX_PRESSES = 400;

/** Follow the hints from a probe hold to a view; returns the leg and where the probe ended. */
export function followHints(ph: Phantom, start: ProbeHold, view: ViewId): { leg: Leg; hold: ProbeHold } {
  let hold = start;
  const optimum = optimumPresses(ph, start, view);
  const { base } = targetPose(view);
  let presses = 0;
  for (;;) {
    const st = standing(ph, hold, view);
    const hint = guidePose({ target: view, hold, ideal: ph.idealSkin(base), standing: st });
    if (hint.kind === 'hold' || presses >= MAX_PRESSES) {
      return { leg: { view, presses, optimum, reached: st.reached, mm: st.error.mm, deg: st.error.deg }, hold };
    }
    hold = press(hold, hint.moves[0].key!);
    presses++;
  }
}

/** What one key press does to a probe hold (as the live phantom source does it). */
function press(hold: ProbeHold, name: string): ProbeHold {
  const key = PROBE_KEYS[name];
  if (key.mode) return key.mode === hold.mode ? hold : { ...hold, mode: key.mode, cursor: CURSOR_START };
  if (key.cursor) return { ...hold, cursor: moveCursor(hold.cursor, key.cursor) };
  const m = key.move!;
  return { ...hold, skin: moveSkin(hold.skin, { s: m.slideLeft, z: m.slideHead, rotate: m.rotate, tilt: m.tilt, rock: m.rock }) };
}
