/**
 * Tracing beams through the scene: which tissue lies at each depth sample along a beam in the imaging plane,
 * turned into echo amplitude (tissue backscatter plus specular reflection at interfaces facing the beam).
 */
import { type Primitive, Tissue, bounds, contains } from './primitives.js';
import type { Pose } from './probe.js';
import { cross, dot, sub } from './vec.js';

/**
 * Mean backscatter amplitude per tissue (linear, before speckle), relative to the pericardium: myocardium
 * about 22 dB below it, blood about 44 dB below (nearly anechoic).
 */
const BACKSCATTER: Record<Tissue, number> = {
  [Tissue.Background]: 0.018, [Tissue.Blood]: 0.006, [Tissue.Myocardium]: 0.1, [Tissue.Valve]: 0.4,
  [Tissue.VesselWall]: 0.26, [Tissue.Pericardium]: 0.2, [Tissue.Liver]: 0.053,
};
/** Acoustic impedance stand-in: a jump along the beam makes a bright specular echo. */
const IMPEDANCE: Record<Tissue, number> = {
  [Tissue.Background]: 0.3, [Tissue.Blood]: 0, [Tissue.Myocardium]: 0.45, [Tissue.Valve]: 0.8,
  [Tissue.VesselWall]: 0.9, [Tissue.Pericardium]: 0.6, [Tissue.Liver]: 0.35,
};

/**
 * Tissue texture, fixed per phantom: a smooth random displacement of every sample point (so boundaries are
 * irregular rather than perfect ellipses) and a smooth random gain on backscatter (patchy myocardium,
 * uneven soft tissue). Both are sums of a few seeded sinusoids: cheap and deterministic.
 */
export interface Texture {
  /** Nine phases (radians) for the sinusoids. */
  phases: number[];
  /** Boundary displacement amplitude, cm. */
  warpCm: number;
  /** Backscatter modulation depth, 0-1. */
  hetero: number;
}

/** The primitives that can touch the imaging plane, with their in-plane bounding circles. */
export interface PlaneCull {
  prims: Primitive[];
  /** In-plane centre (depth along dir, lateral along lat) and radius of each primitive's bounding circle. */
  cd: Float64Array;
  cl: Float64Array;
  cr: Float64Array;
}

export function cullToPlane(prims: Primitive[], pose: Pose, depthCm: number): PlaneCull {
  const elev = cross(pose.dir, pose.lat);
  const kept: Primitive[] = [];
  const cd: number[] = [], cl: number[] = [], cr: number[] = [];
  for (const p of prims) {
    const b = bounds(p);
    const rel = sub(b.c, pose.pos);
    const e = dot(rel, elev);
    if (Math.abs(e) > b.r) continue;
    const r = Math.sqrt(b.r * b.r - e * e);
    const d = dot(rel, pose.dir);
    if (d + r < 0 || d - r > depthCm * 1.05) continue;
    kept.push(p);
    cd.push(d);
    cl.push(dot(rel, pose.lat));
    cr.push(r);
  }
  return { prims: kept, cd: Float64Array.from(cd), cl: Float64Array.from(cl), cr: Float64Array.from(cr) };
}

/**
 * Echo amplitude along one beam at angle theta (radians from the beam axis toward screen right),
 * `n` samples over depthCm, written into out[offset .. offset+n).
 */
export function traceBeam(cull: PlaneCull, pose: Pose, theta: number, depthCm: number, n: number, out: Float32Array, offset: number, tex: Texture): void {
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8] = tex.phases;
  const wA = tex.warpCm, hA = tex.hetero;
  const sx = Math.sin(theta), cx = Math.cos(theta);
  const dx = pose.dir[0] * cx + pose.lat[0] * sx;
  const dy = pose.dir[1] * cx + pose.lat[1] * sx;
  const dz = pose.dir[2] * cx + pose.lat[2] * sx;
  // Depth interval where the beam crosses each primitive's bounding circle.
  const m = cull.prims.length;
  const lo = new Float64Array(m), hi = new Float64Array(m);
  const active: number[] = [];
  for (let i = 0; i < m; i++) {
    const tc = cull.cd[i] * cx + cull.cl[i] * sx;
    const d2 = cull.cd[i] * cull.cd[i] + cull.cl[i] * cull.cl[i] - tc * tc;
    const disc = cull.cr[i] * cull.cr[i] - d2;
    if (disc < 0) continue;
    const s = Math.sqrt(disc);
    lo[i] = tc - s;
    hi[i] = tc + s;
    active.push(i);
  }
  const step = depthCm / n;
  let prevImp = IMPEDANCE[Tissue.Background];
  let pendingSpec = 0;
  for (let k = 0; k < n; k++) {
    const r = (k + 0.5) * step;
    const x0 = pose.pos[0] + dx * r, y0 = pose.pos[1] + dy * r, z0 = pose.pos[2] + dz * r;
    // Irregular boundaries: the point is displaced by a smooth field (wavelengths 2-5 cm) before the lookup.
    const x = x0 + wA * Math.sin(1.9 * y0 + 1.3 * z0 + p0) * Math.cos(1.4 * z0 - p3);
    const y = y0 + wA * Math.sin(1.7 * z0 - 2.1 * x0 + p1) * Math.cos(1.2 * x0 - p4);
    const z = z0 + wA * Math.sin(2.2 * x0 + 1.5 * y0 + p2) * Math.cos(1.6 * y0 - p5);
    let t: Tissue = Tissue.Background;
    for (let j = 0; j < active.length; j++) {
      const i = active[j];
      if (r < lo[i] || r > hi[i]) continue;
      const p = cull.prims[i];
      if (contains(p, x, y, z)) {
        t = p.tissue;
        break;
      }
    }
    const imp = IMPEDANCE[t];
    const spec = Math.abs(imp - prevImp) * 0.3;
    prevImp = imp;
    const gain = t === Tissue.Blood ? 1 : 1 + hA * (Math.sin(2.3 * x + 1.7 * y + p6) * Math.sin(1.9 * y - 2.6 * z + p7) + 0.5 * Math.sin(3.1 * z + 2.2 * x + p8));
    out[offset + k] = BACKSCATTER[t] * gain + spec * (0.6 + 0.4 * gain) + pendingSpec;
    pendingSpec = spec * 0.5; // a reflection spans about two samples (pulse length)
  }
}
