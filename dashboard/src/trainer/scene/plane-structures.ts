/**
 * The named structures the imaging plane cuts: landmarks of the phantom's anatomy that lie within the fan
 * (its depth and width) and close to the plane. Pure; the 3D scene lists them beside the fan.
 */
import { landmarks, type AnatomyParams } from '../../../../server/phantom/anatomy.js';
import { cross, dot, sub, type Vec3 } from '../../../../server/phantom/vec.js';
import type { PoseData } from '../../../../server/pose.js';

/** How close to the plane a structure's centre must be, cm, and the fan's depth (cm) and half-width (degrees). */
export const PLANE_STRUCTURES = { withinCm: 1.5, depthCm: 18, halfWidthDeg: 42 };

/** Named points of the anatomy (centres of chambers, valves and vessels). */
export function namedPoints(a: AnatomyParams): Array<[string, Vec3]> {
  const lm = landmarks(a);
  return [
    ['LV', lm.lv],
    ['RV', lm.rv],
    ['LA', lm.la],
    ['RA', lm.ra],
    ['mitral valve', lm.mitral],
    ['tricuspid valve', lm.tricuspid],
    ['aortic valve', lm.aorticValve],
    ['LV outflow tract', lm.lvot],
    ['ascending aorta', lm.ascending],
    ['aortic arch', lm.archTop],
    ['descending aorta', lm.descending],
    ['abdominal aorta', lm.abdominalAorta],
    ['IVC', lm.ivcJunction],
    ['papillary muscles', lm.papillary],
    ['apex', lm.apex],
    ['pulmonary valve', lm.pulmonaryValve],
  ];
}

/** The structures the plane of `pose` cuts, nearest the probe first. */
export function structuresInPlane(points: Array<[string, Vec3]>, pose: PoseData): string[] {
  const elev = cross(pose.dir, pose.lat);
  const out: Array<[string, number]> = [];
  for (const [name, p] of points) {
    const rel = sub(p, pose.pos);
    const depth = dot(rel, pose.dir);
    const lateral = dot(rel, pose.lat);
    const off = Math.abs(dot(rel, elev));
    const angle = (Math.abs(Math.atan2(lateral, depth)) * 180) / Math.PI;
    if (depth > 0 && depth < PLANE_STRUCTURES.depthCm && angle <= PLANE_STRUCTURES.halfWidthDeg && off <= PLANE_STRUCTURES.withinCm) out.push([name, Math.hypot(depth, lateral)]);
  }
  return out.sort((x, y) => x[1] - y[1]).map(([n]) => n);
}
