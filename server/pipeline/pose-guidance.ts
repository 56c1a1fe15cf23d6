/**
 * Closed-loop guidance for the virtual probe: from where the probe is on the skin to the target view's ideal
 * state, the moves that close the gap, the largest first, in a sonographer's words and as trainer keys
 * ("E x8: rotate clockwise 40°"). Pure: the caller supplies both probe states (server/pose.ts SkinState).
 */
import { PROBE_KEYS, PROBE_STEP, splitSteps, type Hint, type ImagingModeName, type Move } from '../protocol.js';
import type { Cursor, PoseError, ProbeHold, SkinState } from '../pose.js';
import { VIEW_NAMES, type ViewId } from '../views.js';

export interface PoseGuidanceInput {
  target: ViewId;
  /** The probe on the skin, the mode and the mode's cursor. */
  hold: ProbeHold;
  /** The ideal probe state of the target (of its base view, for a mode). */
  ideal: SkinState;
  standing: {
    error: PoseError;
    /** The phantom labels the probe's 2D pose as the target's base view and it is within reach. */
    poseReached: boolean;
    /** For a mode target: where its cursor belongs on this pose, and whether it is there. */
    cursorTarget: Cursor | null;
    cursorPlaced: boolean;
    /** Pose, mode and cursor all right. */
    reached: boolean;
  };
}

/** What each mode's cursor goes through. */
const CURSOR_ON: Record<'pw' | 'cw' | 'mmode', string> = { mmode: 'the mitral leaflet tips', pw: 'the mitral leaflet tips', cw: 'the aortic valve' };

const MODE_KEY: Record<ImagingModeName, string> = { '2d': 'b', mmode: 'm', pw: 'p', cw: 'c' };
const MODE_WORDS: Record<ImagingModeName, string> = {
  '2d': 'back to 2D',
  mmode: 'switch to M-mode, cursor through the mitral leaflet tips',
  pw: 'switch to PW Doppler, gate at the mitral leaflet tips',
  cw: 'switch to CW Doppler, cursor through the aortic valve',
};

/** The body direction of a skin direction (amounts toward the patient's left and toward the head). */
function bodyWord(left: number, head: number): string {
  if (Math.abs(head) >= Math.abs(left)) return head > 0 ? 'the head' : 'the feet';
  return left > 0 ? "the patient's left" : "the patient's right";
}

const wrap = (x: number) => ((((x + 180) % 360) + 360) % 360) - 180;

/**
 * The moves from `skin` to `ideal`: per coordinate the gap in presses, as coarse presses (Shift, PROBE_STEP.coarse
 * steps each) and fine ones, whichever needs fewest; all moves ordered largest first.
 */
export function movesToward(skin: SkinState, ideal: SkinState): Move[] {
  const r = (skin.rotate * Math.PI) / 180;
  const K = PROBE_STEP.coarse;
  const gaps = [
    { axis: 's', gap: ideal.s - skin.s, step: PROBE_STEP.cm },
    { axis: 'z', gap: ideal.z - skin.z, step: PROBE_STEP.cm },
    { axis: 'rotate', gap: wrap(ideal.rotate - skin.rotate), step: PROBE_STEP.deg },
    { axis: 'tilt', gap: ideal.tilt - skin.tilt, step: PROBE_STEP.deg },
    { axis: 'rock', gap: ideal.rock - skin.rock, step: PROBE_STEP.deg },
  ].map((g) => ({ ...g, steps: g.gap / g.step }));
  const parts: Array<{ axis: string; steps: number; coarse: boolean; presses: number }> = [];
  for (const g of gaps) {
    const { coarse, fine } = splitSteps(Math.round(g.steps));
    if (coarse !== 0) parts.push({ axis: g.axis, steps: coarse * K, coarse: true, presses: Math.abs(coarse) });
    if (fine !== 0) parts.push({ axis: g.axis, steps: fine, coarse: false, presses: Math.abs(fine) });
  }
  // Near the ideal every gap may round to zero: then one press of the largest closes most.
  if (!parts.length) {
    const g = gaps.reduce((a, b) => (Math.abs(b.steps) > Math.abs(a.steps) ? b : a));
    parts.push({ axis: g.axis, steps: Math.sign(g.steps) || 1, coarse: false, presses: 1 });
  }
  parts.sort((a, b) => Math.abs(b.steps) - Math.abs(a.steps));
  return parts.map((p): Move => {
    const pos = p.steps > 0;
    const n = p.presses;
    const mm = Math.round(Math.abs(p.steps) * PROBE_STEP.cm * 10);
    const deg = Math.round(Math.abs(p.steps) * PROBE_STEP.deg);
    const say = (fine: string, words: string): Pick<Move, 'key' | 'presses' | 'text'> => {
      const key = p.coarse ? `shift+${fine}` : fine;
      return { key, presses: n, text: `${PROBE_KEYS[key].label} x${n}: ${words}` };
    };
    switch (p.axis) {
      case 's':
        return { type: 'slide', direction: pos ? 'left' : 'right', mm, ...say(pos ? 'arrowright' : 'arrowleft', `slide toward the patient's ${pos ? 'left' : 'right'} ${mm} mm`) };
      case 'z':
        return { type: 'slide', direction: pos ? 'head' : 'feet', mm, ...say(pos ? 'arrowup' : 'arrowdown', `slide toward the ${pos ? 'head' : 'feet'} ${mm} mm`) };
      case 'rotate':
        return { type: 'rotate', direction: pos ? 'cw' : 'ccw', degrees: deg, ...say(pos ? 'e' : 'q', `rotate ${pos ? 'clockwise' : 'counter-clockwise'} ${deg}°`) };
      case 'tilt': {
        const sign = pos ? 1 : -1;
        const word = bodyWord(-Math.cos(r) * sign, Math.sin(r) * sign);
        return { type: 'tilt', direction: word, degrees: deg, ...say(pos ? 'w' : 's', `tilt the beam toward ${word} ${deg}°`) };
      }
      default: {
        const sign = pos ? 1 : -1;
        const word = bodyWord(Math.sin(r) * sign, Math.cos(r) * sign);
        return { type: 'rock', direction: pos ? 'marker' : 'away-from-marker', degrees: deg, ...say(pos ? 'd' : 'a', `rock ${pos ? 'toward' : 'away from'} the marker (toward ${word}) ${deg}°`) };
      }
    }
  });
}

/** The cursor moves (Z/X for the line, R/F for the PW gate) from a cursor to its target, largest first. */
export function cursorMoves(mode: 'pw' | 'cw' | 'mmode', from: Cursor, to: Cursor): Move[] {
  const out: Array<Move & { size: number }> = [];
  const angle = Math.round((to.angleDeg - from.angleDeg) / PROBE_STEP.cursorDeg);
  if (angle !== 0) {
    const key = angle > 0 ? 'x' : 'z';
    const deg = Math.abs(angle) * PROBE_STEP.cursorDeg;
    out.push({ type: 'mode', direction: angle > 0 ? 'cursor-right' : 'cursor-left', degrees: deg, key, presses: Math.abs(angle), size: Math.abs(angle), text: `${PROBE_KEYS[key].label} x${Math.abs(angle)}: cursor ${angle > 0 ? 'right' : 'left'} ${deg}° (through ${CURSOR_ON[mode]})` });
  }
  const gate = mode === 'pw' ? Math.round((to.gateCm - from.gateCm) / PROBE_STEP.gateCm) : 0;
  if (gate !== 0) {
    const key = gate > 0 ? 'f' : 'r';
    const mm = Math.abs(gate) * PROBE_STEP.gateCm * 10;
    out.push({ type: 'mode', direction: gate > 0 ? 'gate-deeper' : 'gate-shallower', mm, key, presses: Math.abs(gate), size: Math.abs(gate), text: `${PROBE_KEYS[key].label} x${Math.abs(gate)}: gate ${gate > 0 ? 'deeper' : 'shallower'} ${mm} mm (to ${CURSOR_ON[mode]})` });
  }
  return out.sort((a, b) => b.size - a.size).map(({ size: _size, ...m }) => m);
}

/** The trainer's hint toward a target from the probe's actual state. */
export function guidePose(g: PoseGuidanceInput): Hint {
  const { target } = g;
  const st = g.standing;
  const mode = g.hold.mode;
  const want: ImagingModeName = target === 'pw' || target === 'cw' || target === 'mmode' ? target : '2d';
  const base = { target, path: [target] as ViewId[] };
  const off = `${st.error.mm} mm, ${st.error.deg}° from the ideal`;
  if (st.reached) return { ...base, kind: 'hold', moves: [], text: `Hold steady: ${VIEW_NAMES[target]} (${off})` };
  const modeMove = (m: ImagingModeName): Move => ({ type: 'mode', direction: m, key: MODE_KEY[m], presses: 1, text: `${PROBE_KEYS[MODE_KEY[m]].label}: ${MODE_WORDS[m]}` });
  // Off the 2D image first: the trainee cannot steer by a spectral display.
  if (want === '2d' && mode !== '2d') return { ...base, kind: 'mode', moves: [modeMove('2d')], text: modeMove('2d').text };
  if (st.poseReached && mode !== want) return { ...base, kind: 'mode', moves: [modeMove(want)], text: modeMove(want).text };
  if (st.poseReached && want !== '2d' && st.cursorTarget && !st.cursorPlaced) {
    const moves = cursorMoves(want, g.hold.cursor, st.cursorTarget);
    // Within tolerance yet rounding to no press cannot happen (the tolerance is over half a step); guard anyway.
    if (moves.length) return { ...base, kind: 'mode', moves, text: moves[0].text };
  }
  const moves = movesToward(g.hold.skin, g.ideal);
  return { ...base, kind: 'move', moves, text: moves[0].text };
}
