/**
 * The phantom's side of practice with the virtual probe: when a probe state has reached a view, random
 * starting states in a window, and the fewest key presses from a state to a view (a search over presses).
 */
import { Rng } from './rng.js';
import { labelForPose, type PlaneView } from './probe.js';
import { CURSOR_TOLERANCE, WINDOW_OF, type ImagingMode, type Phantom, type Window } from './phantom.js';
import { LEAN_LIMIT_DEG, moveSkin, skinDelta } from './skin.js';
import { CURSOR_START, REACHED, poseError, withinReach, type Cursor, type PoseError, type ProbeHold, type SkinState } from '../pose.js';
import { PROBE_STEP, splitSteps } from '../protocol.js';
import { MODE_VIEWS, type ViewId } from '../views.js';

/** The view a window's random starts are scattered around. */
export const WINDOW_HOME: Record<Window, PlaneView> = { parasternal: 'plax', apical: 'a4c', subcostal: 'sub-4c', suprasternal: 'ssn-arch' };
export const WINDOWS = Object.keys(WINDOW_HOME) as Window[];

/** How far random starts stray from the window's home view: cm of skin, degrees. */
const START_SPREAD = { cm: 4, rotate: 60, lean: 25 };

/** The 2D view a target needs the probe on (a mode's base view), and the mode. */
export function targetPose(view: ViewId): { base: PlaneView; mode: ImagingMode } {
  if (view === 'pw' || view === 'cw' || view === 'mmode') return { base: MODE_VIEWS[view] as PlaneView, mode: view };
  return { base: view as PlaneView, mode: '2d' };
}

/** Where a probe hold stands against a view. */
export interface Standing {
  /** The pose's own label (2D) and its error from the view's (base view's) ideal pose. */
  label: PlaneView | null;
  error: PoseError;
  /** The 2D pose is the base view within reach. */
  poseReached: boolean;
  /** For a mode view: where its cursor belongs on this pose, and whether it is there. */
  cursorTarget: Cursor | null;
  cursorPlaced: boolean;
  /** The pose, the mode and (for a mode view) the cursor are all right. */
  reached: boolean;
}

export function standing(ph: Phantom, hold: ProbeHold, view: ViewId): Standing {
  const { base, mode: want } = targetPose(view);
  const pose = ph.skinPose(hold.skin);
  const label = labelForPose(ph.poses, pose);
  const error = poseError(pose, ph.poses[base]);
  const poseReached = label === base && withinReach(error);
  const cursorTarget = want === '2d' ? null : ph.cursorTarget(want, pose);
  const cursorPlaced = want === '2d' || ph.cursorPlaced(want, pose, hold.cursor);
  return { label, error, poseReached, cursorTarget, cursorPlaced, reached: poseReached && hold.mode === want && cursorPlaced };
}

/** Presses of Z/X and R/F that bring a cursor within tolerance of its target (the PW gate only for PW). */
export function cursorPresses(mode: ImagingMode, from: Cursor, to: Cursor): number {
  const n = (gap: number, tol: number, step: number) => Math.max(0, Math.ceil((Math.abs(gap) - tol) / step - 1e-9));
  return n(to.angleDeg - from.angleDeg, CURSOR_TOLERANCE.deg, PROBE_STEP.cursorDeg) + (mode === 'pw' ? n(to.gateCm - from.gateCm, CURSOR_TOLERANCE.cm, PROBE_STEP.gateCm) : 0);
}

/** A random probe state near a window that shows no standard view. */
export function randomStart(ph: Phantom, window: Window, rng: Rng): SkinState {
  const home = ph.idealSkin(WINDOW_HOME[window]);
  for (;;) {
    const u = () => rng.range(-1, 1);
    // moveSkin keeps the lean within the hand's limits.
    const st = moveSkin({
      s: home.s + START_SPREAD.cm * u(), z: home.z + START_SPREAD.cm * u(), rotate: home.rotate + START_SPREAD.rotate * u(),
      tilt: home.tilt + START_SPREAD.lean * u(), rock: home.rock + START_SPREAD.lean * u(),
    }, {});
    if (labelForPose(ph.poses, ph.skinPose(st)) === null) return st;
  }
}

/** The window a view belongs to (a mode: its base view's). */
export function windowOfView(view: ViewId): Window {
  return WINDOW_OF[targetPose(view).base];
}

/**
 * The fewest key presses from a probe state (in a mode) to a view. Presses commute (each adds one step, or a
 * coarse step, to one coordinate), so a state's cost is the sum over coordinates of the fewest presses for its
 * steps; the search visits the states near the view's ideal in order of that cost and returns the first that is
 * reached in 2D, plus a press for a mode change and the cursor presses from where the cursor starts (or is).
 */
export function optimumPresses(ph: Phantom, hold: ProbeHold, view: ViewId): number {
  const from = hold.skin;
  const mode = hold.mode;
  const { base, mode: want } = targetPose(view);
  const d = skinDelta(from, ph.idealSkin(base));
  const steps = [d.s / PROBE_STEP.cm, d.z / PROBE_STEP.cm, d.rotate / PROBE_STEP.deg, d.tilt / PROBE_STEP.deg, d.rock / PROBE_STEP.deg];
  const options = steps.map((x) => {
    const out: Array<{ k: number; cost: number }> = [];
    for (let k = Math.floor(x) - 2; k <= Math.ceil(x) + 2; k++) out.push({ k, cost: splitSteps(k).presses });
    // Not moving a coordinate at all: near a degenerate hold (the beam almost along the skin) it may not matter.
    if (!out.some((o) => o.k === 0)) out.push({ k: 0, cost: 0 });
    return out;
  });
  // Position depends on the slides alone: keep the slide pairs within reach first, then add the turns.
  const idealPos = ph.poses[base].pos;
  const cands: Array<{ ks: number[]; cost: number }> = [];
  for (const a of options[0]) for (const b of options[1]) {
    const pos = ph.torso.frame(from.s + a.k * PROBE_STEP.cm, from.z + b.k * PROBE_STEP.cm).p;
    if (Math.round(100 * Math.hypot(pos[0] - idealPos[0], pos[1] - idealPos[1], pos[2] - idealPos[2])) / 10 > REACHED.mm) continue; // as poseError rounds
    for (const c of options[2]) for (const d of options[3]) for (const e of options[4]) {
      cands.push({ ks: [a.k, b.k, c.k, d.k, e.k], cost: a.cost + b.cost + c.cost + d.cost + e.cost });
    }
  }
  cands.sort((x, y) => x.cost - y.cost);
  const modePresses = mode !== want ? 1 : 0;
  // The cursor's target moves a little with the pose, so a mode view's cheapest state may lie past the first
  // pose that reaches it: keep looking while a pose alone costs less than the best total so far.
  const cursorFrom = mode === want ? hold.cursor : CURSOR_START;
  let best = Infinity;
  for (const c of cands) {
    const st: SkinState = {
      s: from.s + c.ks[0] * PROBE_STEP.cm, z: from.z + c.ks[1] * PROBE_STEP.cm, rotate: from.rotate + c.ks[2] * PROBE_STEP.deg,
      tilt: from.tilt + c.ks[3] * PROBE_STEP.deg, rock: from.rock + c.ks[4] * PROBE_STEP.deg,
    };
    if (Math.abs(st.tilt) > LEAN_LIMIT_DEG || Math.abs(st.rock) > LEAN_LIMIT_DEG) continue; // beyond the hand
    if (c.cost + modePresses >= best) break;
    if (!standing(ph, { skin: st, mode: '2d', cursor: CURSOR_START }, base).poseReached) continue;
    const cursorCost = want === '2d' ? 0 : cursorPresses(want, cursorFrom, ph.cursorTarget(want, ph.skinPose(st)));
    best = Math.min(best, c.cost + modePresses + cursorCost);
  }
  return best;
}

/** The trainer's questions about this phantom (the pipeline's TrainerModel, built by main.ts). */
export function practiceModel(ph: Phantom) {
  return {
    ideal(view: ViewId) {
      const { base } = targetPose(view);
      return { skin: ph.idealSkin(base), pose: ph.poses[base] };
    },
    standing: (hold: ProbeHold, view: ViewId): Standing => standing(ph, hold, view),
    reachedView(hold: ProbeHold): { view: ViewId; error: PoseError } | null {
      const label = labelForPose(ph.poses, ph.skinPose(hold.skin));
      if (!label) return null;
      const view: ViewId = hold.mode === '2d' ? label : hold.mode;
      const s = standing(ph, hold, view);
      return s.reached ? { view, error: s.error } : null;
    },
    optimum: (from: ProbeHold, view: ViewId): number => optimumPresses(ph, from, view),
  };
}
