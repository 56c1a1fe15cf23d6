/**
 * The virtual probe: a pose (position on the skin, beam direction, lateral direction = screen right)
 * defines the imaging plane. Canonical poses for the 12 2D views are derived from the anatomy's
 * landmarks, and a frame's label comes only from how close its pose is to one of them.
 */
import { type Vec3, add, angleDeg, combo, cross, dot, madd, norm, rotate, scale, sub, unit, DEG } from './vec.js';
import { type AnatomyParams, heart, landmarks, saDir, subcostalBeam, OUTFLOW_DEG, SEPTUM_V, SUBCOSTAL_CM } from './anatomy.js';
import type { ViewId } from '../views.js';

export interface Pose {
  /** Transducer face position, cm (patient frame). */
  pos: Vec3;
  /** Beam direction (unit). */
  dir: Vec3;
  /** In-plane lateral direction, screen right (unit, perpendicular to dir). */
  lat: Vec3;
}

export type PlaneView = Exclude<ViewId, 'pw' | 'cw' | 'mmode'>;

/** Label tolerance: a pose is a standard view when within all three of these of its canonical pose. */
export const TOLERANCE = { positionCm: 1.2, beamDeg: 5, rotationDeg: 10 };

/** Build an orthonormal pose aimed from pos at target, screen-right as close to `right` as possible. */
export function aim(pos: Vec3, target: Vec3, right: Vec3): Pose {
  const dir = unit(sub(target, pos));
  const lat = unit(madd(right, dir, -dot(right, dir)));
  return { pos, dir, lat };
}

/** The canonical pose of each 2D view for this anatomy. */
export function canonicalPoses(a: AnatomyParams): Record<PlaneView, Pose> {
  const lm = landmarks(a);
  const out = saDir(a, OUTFLOW_DEG);
  const apexSkin = madd(lm.apex, a.L, 1.5);
  const apicalTarget = heart(a, -1.0, 0.3, 0);
  // Four- and five-chamber views centre the crux (the septum runs down the middle of real screens), not the LV.
  const fourTarget = heart(a, -1.0, SEPTUM_V, 0);
  const apicalLat = (deg: number) => scale(saDir(a, deg), -1);
  const para = madd(heart(a, 1.5, 0, 0), out, 9.5);
  const plax = aim(para, heart(a, 1.0, 0, 0), scale(a.L, -1));
  // From PLAX a quarter turn clockwise (the marker to the left shoulder): the patient's left on the screen's right,
  // so the RV crescent lies upper left of the LV as on a standard adult display. The patient frame (left,
  // anterior, head) is left-handed, so clockwise seen along the beam is a negative right-hand rotation.
  const shortAxis = (p: Pose): Pose => ({ ...p, lat: rotate(p.lat, p.dir, -90 * DEG) });
  // Subcostal window: below the xiphoid, in the four-chamber plane, the beam crossing the RV before the LV.
  const subPos = madd(lm.fourChamberCentre, subcostalBeam(a), -SUBCOSTAL_CM);
  const ssnPos = add(lm.archTop, [-0.5, 1.0, 4.5]);
  return {
    plax,
    'rv-inflow': ((p) => ({ ...p, lat: rotate(p.lat, p.dir, 15 * DEG) }))(aim(para, lm.tricuspid, scale(a.L, -1))),
    'psax-basal': shortAxis(aim(madd(para, a.L, -1.0), lm.aorticValve, scale(a.L, -1))),
    'psax-mid': shortAxis(aim(madd(para, a.L, -1.0), lm.papillary, scale(a.L, -1))),
    a4c: aim(apexSkin, fourTarget, apicalLat(0)),
    a5c: aim(apexSkin, madd(fourTarget, a.W, 2.1), apicalLat(0)),
    a2c: aim(apexSkin, apicalTarget, apicalLat(-85)),
    a3c: aim(apexSkin, apicalTarget, apicalLat(-120)),
    'sub-4c': aim(subPos, lm.fourChamberCentre, [1, 0, 0]),
    'sub-ivc': aim(subPos, lm.ivcJunction, [0, 0, 1]),
    // The abdominal aorta from the epigastrium, 8 cm below the subxiphoid window where the abdomen falls back.
    'sub-aorta': aim(add(subPos, [3.0, -5.0, -8.0]), lm.abdominalAorta, [0, 0, 1]),
    'ssn-arch': aim(ssnPos, combo([[lm.archTop, 0.5], [lm.ascending, 0.25], [lm.descending, 0.25]]), sub(lm.descending, lm.ascending)),
  };
}

/** Differences between two poses: position (cm), beam angle and in-plane rotation (degrees). */
export function poseDistance(p: Pose, q: Pose): { positionCm: number; beamDeg: number; rotationDeg: number } {
  return { positionCm: norm(sub(p.pos, q.pos)), beamDeg: angleDeg(p.dir, q.dir), rotationDeg: angleDeg(p.lat, q.lat) };
}

/** The standard view a pose shows (within TOLERANCE of its canonical pose), or null for a transitional pose. */
export function labelForPose(poses: Record<PlaneView, Pose>, p: Pose): PlaneView | null {
  let best: PlaneView | null = null;
  let bestScore = Infinity;
  for (const [view, q] of Object.entries(poses) as Array<[PlaneView, Pose]>) {
    const d = poseDistance(p, q);
    if (d.positionCm > TOLERANCE.positionCm || d.beamDeg > TOLERANCE.beamDeg || d.rotationDeg > TOLERANCE.rotationDeg) continue;
    const score = d.positionCm / TOLERANCE.positionCm + d.beamDeg / TOLERANCE.beamDeg + d.rotationDeg / TOLERANCE.rotationDeg;
    if (score < bestScore) [best, bestScore] = [view, score];
  }
  return best;
}

/**
 * Small pose changes in the probe's own frame (the hand's jitter, the dataset's off-view samples). Angles in
 * degrees, distances in cm. The trainer's moves on the skin are in skin.ts.
 */
export interface ProbeMove {
  /** Slide along the skin: lateral (screen right) and elevational, cm. */
  slideLat?: number;
  slideElev?: number;
  /** Rotate about the beam axis, degrees (positive is counter-clockwise as seen looking at the skin). */
  rotate?: number;
  /** Tilt the beam out of plane (elevation), degrees. */
  tilt?: number;
  /** Rock the beam within the plane (toward screen right), degrees. */
  rock?: number;
}

/** Apply a move to a pose, keeping it orthonormal. */
export function movePose(p: Pose, m: ProbeMove): Pose {
  const elev = cross(p.dir, p.lat);
  let pos = madd(madd(p.pos, p.lat, m.slideLat ?? 0), elev, m.slideElev ?? 0);
  let dir = p.dir;
  let lat = p.lat;
  if (m.rotate) lat = rotate(lat, dir, m.rotate * DEG);
  if (m.tilt) dir = rotate(dir, lat, m.tilt * DEG);
  if (m.rock) {
    const e = cross(dir, lat);
    dir = rotate(dir, e, -m.rock * DEG);
    lat = rotate(lat, e, -m.rock * DEG);
  }
  dir = unit(dir);
  lat = unit(madd(lat, dir, -dot(lat, dir)));
  pos = [pos[0], pos[1], pos[2]];
  return { pos, dir, lat };
}

/** Blend two poses (t in 0-1): position linearly, directions by normalised interpolation. */
export function blendPose(p: Pose, q: Pose, t: number): Pose {
  const mix = (a: Vec3, b: Vec3) => combo([[a, 1 - t], [b, t]]);
  const dir = unit(mix(p.dir, q.dir));
  const latRaw = mix(p.lat, q.lat);
  const lat0 = norm(latRaw) < 1e-3 ? p.lat : latRaw;
  return { pos: mix(p.pos, q.pos), dir, lat: unit(madd(lat0, dir, -dot(lat0, dir))) };
}
