/**
 * What the hint glyph draws for a probe move, in the patient's frame: a small front view of the torso (head
 * up, the patient's right on the viewer's left, as when facing the patient), with slides as arrows between
 * acoustic windows, tilts as arrows toward a body landmark (or out of / into the chest for anterior and
 * posterior), rotations as a turn with its degrees, and a mode change as the machine key to press, not an
 * arrow. A direction the glyph does not know draws nothing (the hint's words still say it). Pure: the
 * Svelte component only renders this.
 */
import type { Hint, Move } from '../../../server/protocol.js';

/** Glyph coordinates: a 120 x 120 box centred on 0, y down (letters 30 units high: 24 px at 96 px). */
export type Point = readonly [number, number];

export type Glyph =
  | { kind: 'hold' }
  | { kind: 'slide'; from: Point; to: Point }
  | { kind: 'tilt'; from: Point; to: Point }
  | { kind: 'tilt-depth'; at: Point; toward: 'front' | 'back' }
  | { kind: 'rotate'; direction: 'cw' | 'ccw'; degrees: number | null }
  | { kind: 'mode'; key: string }
  | { kind: 'none' };

export type AcousticWindow = 'parasternal' | 'apical' | 'subcostal' | 'suprasternal';

/** Where each window sits on the torso drawing. */
export const WINDOWS: Record<AcousticWindow, Point> = {
  suprasternal: [0, -34],
  parasternal: [7, -12],
  apical: [20, 8],
  subcostal: [0, 22],
};

const VIEW_WINDOW: Record<string, AcousticWindow> = {
  plax: 'parasternal', 'rv-inflow': 'parasternal', 'psax-basal': 'parasternal', 'psax-mid': 'parasternal', mmode: 'parasternal',
  a4c: 'apical', a5c: 'apical', a2c: 'apical', a3c: 'apical', pw: 'apical', cw: 'apical',
  'sub-4c': 'subcostal', 'sub-ivc': 'subcostal', 'sub-aorta': 'subcostal', 'ssn-arch': 'suprasternal',
};

/** Unit directions on the drawing for the patient directions moves name (tilts of the beam, slides). */
const DIRECTIONS: Record<string, Point> = {
  'toward-base': [-Math.SQRT1_2, -Math.SQRT1_2], // the base lies toward the right shoulder
  'toward-apex': [Math.SQRT1_2, Math.SQRT1_2], // the apex toward the left hip
  'right-hip': [-Math.SQRT1_2, Math.SQRT1_2],
  'left-shoulder': [Math.SQRT1_2, -Math.SQRT1_2],
  left: [1, 0],
  right: [-1, 0],
  head: [0, -1],
  feet: [0, 1],
  cranial: [0, -1],
  caudal: [0, 1],
};

/** A direction as the table above names it: "the patient's left" and "the head" are `left` and `head`. */
const direction = (d: string): Point | undefined => DIRECTIONS[d.replace(/^the /, '').replace(/^patient's /, '')];

const MODE_KEYS: Record<string, string> = { pw: 'PW', cw: 'CW', mmode: 'M', '2d': '2D' };

/** The acoustic window of a view or window name, if it has one. */
export function windowOf(v: string | null | undefined): AcousticWindow | null {
  if (!v) return null;
  if (v in WINDOWS) return v as AcousticWindow;
  return VIEW_WINDOW[v] ?? null;
}

const ARROW_LENGTH = 26;

export function glyphFor(hint: Hint | null): Glyph {
  if (!hint) return { kind: 'none' };
  if (hint.kind === 'hold') return { kind: 'hold' };
  const move: Move | undefined = hint.moves[0];
  if (!move) return { kind: 'none' };
  // Where the probe is: the window of the view the path starts from; a path of the target alone (the
  // trainer's pose guidance) does not say, so relative moves start from the middle of the chest.
  const from = hint.path.length > 1 ? windowOf(hint.path[0]) : null;
  const here: Point = from ? WINDOWS[from] : [0, 0];
  switch (move.type) {
    case 'mode':
      return MODE_KEYS[move.direction] ? { kind: 'mode', key: MODE_KEYS[move.direction] } : { kind: 'none' };
    case 'rotate':
      return move.direction === 'cw' || move.direction === 'ccw' ? { kind: 'rotate', direction: move.direction, degrees: move.degrees ?? null } : { kind: 'none' };
    case 'slide': {
      const to = windowOf(move.direction);
      if (to) return { kind: 'slide', from: here, to: WINDOWS[to] };
      const d = direction(move.direction);
      return d ? { kind: 'slide', from: here, to: [here[0] + d[0] * ARROW_LENGTH, here[1] + d[1] * ARROW_LENGTH] } : { kind: 'none' };
    }
    case 'tilt':
    case 'rock': {
      if (move.direction === 'anterior' || move.direction === 'posterior') return { kind: 'tilt-depth', at: here, toward: move.direction === 'anterior' ? 'front' : 'back' };
      const d = direction(move.direction);
      return d ? { kind: 'tilt', from: here, to: [here[0] + d[0] * ARROW_LENGTH, here[1] + d[1] * ARROW_LENGTH] } : { kind: 'none' };
    }
  }
  return { kind: 'none' };
}

/**
 * The rotate glyph's geometry: an arc of radius ARC_R around the centre with its arrowhead on the arc, and
 * the degrees written inside the arc, clear of the arrowhead.
 */
export const ARC_R = 44;
export const ROTATE_TEXT = { size: 30, halfWidth: 30, halfHeight: 11 };

export function rotateGeometry(direction: 'cw' | 'ccw'): { arc: string; head: Point[] } {
  // Clockwise on the screen is clockwise as seen by the sonographer looking down at the skin.
  const s = direction === 'cw' ? 1 : -1;
  const start = -Math.PI / 2 + s * 0.35, end = start + s * 2 * Math.PI * 0.8;
  const pt = (a: number, r = ARC_R): Point => [Math.round(r * Math.cos(a) * 100) / 100, Math.round(r * Math.sin(a) * 100) / 100];
  const [x0, y0] = pt(start), [x1, y1] = pt(end);
  const arc = `M ${x0} ${y0} A ${ARC_R} ${ARC_R} 0 1 ${s > 0 ? 1 : 0} ${x1} ${y1}`;
  // The head: a triangle straddling the arc at its end, pointing along the direction of travel.
  const tip = pt(end + s * 0.38);
  const head: Point[] = [pt(end, ARC_R - 10), pt(end, ARC_R + 10), tip];
  return { arc, head };
}
