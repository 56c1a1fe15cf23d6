import { type Vec3, sub, norm } from './vec.js';

/** Tissue classes; their echo properties live in the renderer. */
export const enum Tissue {
  Background = 0,
  Blood = 1,
  Myocardium = 2,
  Valve = 3,
  VesselWall = 4,
  Pericardium = 5,
  Liver = 6,
}

/** An oriented ellipsoid; `clip` keeps only points whose first local coordinate is >= clip (a half-ellipsoid). */
export interface Ellipsoid {
  kind: 'ellipsoid';
  tissue: Tissue;
  c: Vec3;
  axes: [Vec3, Vec3, Vec3];
  radii: [number, number, number];
  clip?: number;
  /** For a shell: the inside of radii*hollow is not this primitive. */
  hollow?: number;
}

/** A cone-capsule between two points (a segment of a vessel), radius r0 at a and r1 at b. */
export interface Capsule {
  kind: 'capsule';
  tissue: Tissue;
  a: Vec3;
  b: Vec3;
  r0: number;
  r1: number;
}

export type Primitive = Ellipsoid | Capsule;

/** Bounding sphere (centre, radius) of a primitive, for culling against the imaging plane. */
export function bounds(p: Primitive): { c: Vec3; r: number } {
  if (p.kind === 'ellipsoid') return { c: p.c, r: Math.max(...p.radii) };
  const c: Vec3 = [(p.a[0] + p.b[0]) / 2, (p.a[1] + p.b[1]) / 2, (p.a[2] + p.b[2]) / 2];
  return { c, r: norm(sub(p.b, p.a)) / 2 + Math.max(p.r0, p.r1) };
}

/** Whether point (x, y, z) lies inside the primitive. Hot path: no allocation. */
export function contains(p: Primitive, x: number, y: number, z: number): boolean {
  if (p.kind === 'ellipsoid') {
    const dx = x - p.c[0], dy = y - p.c[1], dz = z - p.c[2];
    const [e0, e1, e2] = p.axes;
    const u = dx * e0[0] + dy * e0[1] + dz * e0[2];
    if (p.clip !== undefined && u < p.clip) return false;
    const v = dx * e1[0] + dy * e1[1] + dz * e1[2];
    const w = dx * e2[0] + dy * e2[1] + dz * e2[2];
    const q = (u / p.radii[0]) ** 2 + (v / p.radii[1]) ** 2 + (w / p.radii[2]) ** 2;
    if (q > 1) return false;
    return p.hollow === undefined || q > p.hollow * p.hollow;
  }
  const abx = p.b[0] - p.a[0], aby = p.b[1] - p.a[1], abz = p.b[2] - p.a[2];
  const apx = x - p.a[0], apy = y - p.a[1], apz = z - p.a[2];
  const len2 = abx * abx + aby * aby + abz * abz;
  let t = (apx * abx + apy * aby + apz * abz) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const r = p.r0 + (p.r1 - p.r0) * t;
  const qx = apx - abx * t, qy = apy - aby * t, qz = apz - abz * t;
  return qx * qx + qy * qy + qz * qz <= r * r;
}

/** Capsules along a polyline with a radius per vertex. */
export function tube(tissue: Tissue, pts: Vec3[], radii: number[]): Capsule[] {
  const out: Capsule[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    out.push({ kind: 'capsule', tissue, a: pts[i], b: pts[i + 1], r0: radii[i], r1: radii[i + 1] });
  }
  return out;
}

