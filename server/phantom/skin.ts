/**
 * Probe kinematics on the skin. A probe state is where the probe touches the torso (skin coordinates) and
 * how it is held there: turned on its footprint (rotate: the marker's clock position, clockwise as seen
 * looking at the skin with the head up), fanned out of the image plane (tilt) and leaned within it (rock).
 * A key press changes exactly one of the five numbers by a fixed step, so presses commute and the fewest
 * presses between two states is a plain count (see docs/trainer.md).
 */
import { type Vec3, DEG, combo, cross, dot, rotate } from './vec.js';
import type { Pose } from './probe.js';
import type { Torso } from './torso.js';
import type { Cursor, SkinState } from '../pose.js';

const rad = (d: number) => d * DEG;
const deg = (r: number) => r / DEG;

/** Limits of the hand: the beam stays within this many degrees of the skin's inward normal per axis. */
export const LEAN_LIMIT_DEG = 85;

/**
 * The imaging pose of a probe state: rock leans the beam toward the marker (within the image plane), tilt
 * then fans it out of the plane toward the elevation side (beam x marker), and rotate turns the whole probe
 * about the skin normal, clockwise as seen from outside.
 */
export function poseOfSkin(torso: Torso, st: SkinState): Pose {
  const f = torso.frame(st.s, st.z);
  const k = rad(st.rock), t = rad(st.tilt), r = rad(st.rotate);
  const dir0: Vec3 = [-f.n[0], -f.n[1], -f.n[2]];
  const elev0 = cross(dir0, f.head);
  const dir1 = combo([[dir0, Math.cos(k)], [f.head, Math.sin(k)]]);
  const lat1 = combo([[dir0, -Math.sin(k)], [f.head, Math.cos(k)]]);
  const dir2 = combo([[dir1, Math.cos(t)], [elev0, Math.sin(t)]]);
  return { pos: f.p, dir: rotate(dir2, f.n, r), lat: rotate(lat1, f.n, r) };
}

/** The probe state of a pose whose position is on the skin (the inverse of poseOfSkin). */
export function skinOfPose(torso: Torso, pose: Pose): SkinState {
  const { s, z } = torso.coordsOf(pose.pos);
  const f = torso.frame(s, z);
  const rock = Math.asin(Math.max(-1, Math.min(1, dot(pose.lat, f.n))));
  const r = Math.atan2(dot(pose.lat, f.left), dot(pose.lat, f.head));
  const dir0: Vec3 = [-f.n[0], -f.n[1], -f.n[2]];
  const elevR = rotate(cross(dir0, f.head), f.n, r);
  const dir1R = rotate(combo([[dir0, Math.cos(rock)], [f.head, Math.sin(rock)]]), f.n, r);
  const tilt = Math.atan2(dot(pose.dir, elevR), dot(pose.dir, dir1R));
  return { s, z, rotate: deg(r), tilt: deg(tilt), rock: deg(rock) };
}

/** The difference b - a, with rotation wrapped to -180..180 degrees. */
export function skinDelta(a: SkinState, b: SkinState): SkinState {
  const w = (x: number) => ((((x + 180) % 360) + 360) % 360) - 180;
  return { s: b.s - a.s, z: b.z - a.z, rotate: w(b.rotate - a.rotate), tilt: b.tilt - a.tilt, rock: b.rock - a.rock };
}

/** Apply a move (amounts added to each coordinate), keeping the lean within the hand's limits. */
export function moveSkin(st: SkinState, m: Partial<SkinState>): SkinState {
  const clamp = (x: number) => Math.max(-LEAN_LIMIT_DEG, Math.min(LEAN_LIMIT_DEG, x));
  const r = st.rotate + (m.rotate ?? 0);
  return {
    s: st.s + (m.s ?? 0), z: st.z + (m.z ?? 0), rotate: r > 180 ? r - 360 : r < -180 ? r + 360 : r,
    tilt: clamp(st.tilt + (m.tilt ?? 0)), rock: clamp(st.rock + (m.rock ?? 0)),
  };
}

/** Move a mode's cursor (degrees, cm), keeping the line within the sector and the gate within the depth. */
export function moveCursor(c: Cursor, m: { angleDeg?: number; gateCm?: number }): Cursor {
  return { angleDeg: Math.max(-60, Math.min(60, c.angleDeg + (m.angleDeg ?? 0))), gateCm: Math.max(1, Math.min(24, c.gateCm + (m.gateCm ?? 0))) };
}
