/**
 * Probe guidance: the next move from the current view toward a target, over the move graph of
 * ../shared/design/views.md (rotate, tilt, slide, rock; modes for PW, CW and M-mode). Pure.
 */
import type { Hint, Move } from '../protocol.js';
import { type TemporalStateName, UNFAMILIAR_TEXT } from '../protocol.js';
import { NONE_CLASS, VIEW_NAMES, isViewId, type ViewId } from '../views.js';

type Edge = [ViewId, ViewId, Move, Move];

const rot = (direction: 'cw' | 'ccw', degrees: number, text: string): Move => ({ type: 'rotate', direction, degrees, text });
const tilt = (direction: string, degrees: number, text: string): Move => ({ type: 'tilt', direction, degrees, text });
const slide = (direction: string, text: string): Move => ({ type: 'slide', direction, text });
const mode = (direction: string, text: string): Move => ({ type: 'mode', direction, text });

/** Each edge: from, to, the move there, the move back (views.md's table and its reverses). */
const EDGES: Edge[] = [
  ['plax', 'psax-basal', rot('cw', 90, 'Rotate 90° clockwise (marker to the left shoulder), beam toward the base'), rot('ccw', 90, 'Rotate 90° counter-clockwise (marker to the right shoulder)')],
  ['plax', 'rv-inflow', tilt('right-hip', 20, 'Tilt the beam toward the right hip, slight clockwise turn'), tilt('left-shoulder', 20, 'Tilt the beam back up toward the left shoulder')],
  ['psax-basal', 'psax-mid', tilt('toward-apex', 20, 'Tilt the beam toward the apex'), tilt('toward-base', 20, 'Tilt the beam toward the base')],
  ['plax', 'a4c', slide('apical', 'Slide to the apical impulse (5th intercostal space), marker at 3 o\'clock'), slide('parasternal', 'Slide to the left sternal border, 3rd-4th space, marker to the right shoulder')],
  ['psax-mid', 'a4c', slide('apical', 'Slide to the apical impulse, marker at 3 o\'clock'), slide('parasternal', 'Slide to the left sternal border, marker to the left shoulder')],
  ['a4c', 'a5c', tilt('anterior', 15, 'Tilt the beam anteriorly to open the outflow tract'), tilt('posterior', 15, 'Tilt the beam posteriorly until the outflow tract leaves')],
  ['a4c', 'a2c', rot('ccw', 75, 'Rotate about 60-90° counter-clockwise until the right heart leaves'), rot('cw', 75, 'Rotate about 60-90° clockwise until the right heart appears')],
  ['a2c', 'a3c', rot('ccw', 45, 'Rotate a further 30-60° counter-clockwise to bring in the outflow tract'), rot('cw', 45, 'Rotate 30-60° clockwise until the outflow tract leaves')],
  ['a4c', 'sub-4c', slide('subcostal', 'Slide below the xiphoid, probe flat, marker to the patient\'s left'), slide('apical', 'Slide to the apical impulse, marker at 3 o\'clock')],
  ['sub-4c', 'sub-ivc', rot('ccw', 90, 'Rotate 90° counter-clockwise, marker to the head'), rot('cw', 90, 'Rotate 90° clockwise, marker to the patient\'s left')],
  ['sub-ivc', 'sub-aorta', slide('left', 'Slide or tilt toward the patient\'s left to find the aorta'), slide('right', 'Slide or tilt toward the patient\'s right to find the IVC')],
  ['a4c', 'pw', mode('pw', 'Switch to PW Doppler, gate at the mitral leaflet tips'), mode('2d', 'Leave PW Doppler for 2D')],
  ['a5c', 'cw', mode('cw', 'Switch to CW Doppler, cursor through the aortic valve'), mode('2d', 'Leave CW Doppler for 2D')],
  ['plax', 'mmode', mode('mmode', 'Switch to M-mode, cursor through the mitral leaflet tips'), mode('2d', 'Leave M-mode for 2D')],
];
const TO_SSN = slide('suprasternal', 'Move to the suprasternal notch, marker toward the left shoulder');

function neighbours(v: ViewId): Array<[ViewId, Move]> {
  const out: Array<[ViewId, Move]> = [];
  for (const [a, b, there, back] of EDGES) {
    if (a === v) out.push([b, there]);
    if (b === v) out.push([a, back]);
  }
  // Any view reaches the arch from the notch; from the arch, any 2D window is a slide away.
  if (v !== 'ssn-arch') out.push(['ssn-arch', TO_SSN]);
  else for (const w of ['plax', 'a4c', 'sub-4c'] as ViewId[]) out.push([w, slide(w, `Move to the ${VIEW_NAMES[w]} window`)]);
  return out;
}

/** Shortest path of moves from one view to another (breadth-first; ties keep views.md's order). */
export function pathBetween(from: ViewId, to: ViewId): { views: ViewId[]; moves: Move[] } | null {
  if (from === to) return { views: [from], moves: [] };
  const prev = new Map<ViewId, [ViewId, Move]>();
  const queue: ViewId[] = [from];
  const seen = new Set<ViewId>([from]);
  while (queue.length) {
    const v = queue.shift()!;
    for (const [w, m] of neighbours(v)) {
      if (seen.has(w)) continue;
      seen.add(w);
      prev.set(w, [v, m]);
      if (w === to) {
        const views: ViewId[] = [to];
        const moves: Move[] = [];
        for (let cur = to; cur !== from; ) {
          const [p, mv] = prev.get(cur)!;
          views.unshift(p);
          moves.unshift(mv);
          cur = p;
        }
        return { views, moves };
      }
      queue.push(w);
    }
  }
  return null;
}

export interface GuidanceInput {
  state: TemporalStateName;
  view: ViewId | null;
  candidate: string;
  confidence: number;
  target: ViewId | null;
  /** The last view held stably (kept while there is no standard view; cleared by no image). */
  lastView?: ViewId | null;
  /** The stream shows an unfamiliar image (pipeline/unfamiliar.ts). */
  unfamiliar?: boolean;
}

/**
 * Below this smoothed belief in `none` the image may be poor (an image-quality hint); at or above it the model
 * is sure the probe is between views (a search hint, never "add gel").
 */
export const QUALITY_CONFIDENCE = 0.5;

/** Moves toward the target from the last recognised view, while no standard view is on screen. */
function fromLastView(last: ViewId, target: ViewId): Hint {
  if (last === target) return { kind: 'search', target, moves: [], path: [target], text: `No standard view: go back to ${VIEW_NAMES[target]} (seen last)` };
  const p = pathBetween(last, target)!;
  const first = p.moves[0];
  return { kind: first.type === 'mode' ? 'mode' : 'move', target, moves: p.moves, path: p.views, text: `From ${VIEW_NAMES[last]} (seen last): ${first.text}` };
}

/** The hint for the dashboard, or null when there is no target. */
export function guide(g: GuidanceInput): Hint | null {
  const { target } = g;
  if (!target) return null;
  const base = { target, moves: [] as Move[], path: [] as ViewId[] };
  if (g.state === 'no-image') return { ...base, kind: 'no-image', text: 'No image: check the probe contact and the video source' };
  if (g.unfamiliar) return { ...base, kind: 'unfamiliar', text: `${UNFAMILIAR_TEXT} Check the video source and its crop, or teach it if it is your machine (Teach)` };
  if (g.state === 'stable' && g.view === target) return { ...base, kind: 'hold', path: [target], text: `Hold steady: ${VIEW_NAMES[target]}` };
  if (g.state === 'stable' && g.view) {
    const p = pathBetween(g.view, target)!;
    const first = p.moves[0];
    return { kind: first.type === 'mode' ? 'mode' : 'move', target, moves: p.moves, path: p.views, text: first.text };
  }
  if (g.state === 'acquiring' && g.candidate === target) return { ...base, kind: 'hold', path: [target], text: `Almost there: hold steady for ${VIEW_NAMES[target]}` };
  if (g.lastView) return fromLastView(g.lastView, target);
  // Between views, not a bad image: the model is sure this is no standard view, or leans toward one.
  if (g.candidate === target) return { ...base, kind: 'search', path: [target], text: `Between views, nearest ${VIEW_NAMES[target]}: small tilts and turns to settle it` };
  if (g.candidate !== NONE_CLASS && isViewId(g.candidate)) {
    const p = pathBetween(g.candidate, target)!;
    const first = p.moves[0];
    return { kind: 'search', target, moves: p.moves, path: p.views, text: `Between views, nearest ${VIEW_NAMES[g.candidate]}: ${first.text}` };
  }
  if (g.candidate === NONE_CLASS && g.confidence >= QUALITY_CONFIDENCE) {
    return { ...base, kind: 'search', text: `Between views: make small slow moves (tilt, then rotate) until a standard view appears, then head for ${VIEW_NAMES[target]}` };
  }
  return { ...base, kind: 'quality', text: 'Image unclear: hold still, add gel, adjust depth and gain, then find a standard view' };
}
