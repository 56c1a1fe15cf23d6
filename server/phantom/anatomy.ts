/**
 * The phantom's anatomy: analytic shapes (ellipsoids and vessel tubes) in a heart frame placed in the
 * patient frame (cm; x = patient's left, y = anterior, z = head). Sizes follow views.md's adult ranges
 * and vary with the seed; chambers, valves and vessels move with the cardiac and breathing state.
 */
import { Rng } from './rng.js';
import { type Vec3, add, combo, cross, dot, madd, rotate, scale, sub, unit, DEG } from './vec.js';
import { type Primitive, Tissue, tube, type Ellipsoid } from './primitives.js';
import type { CardiacState } from './cardiac.js';

export interface AnatomyParams {
  /** Long axis (base to apex), unit, patient frame. */
  L: Vec3;
  /** Toward the RV, perpendicular to L. */
  R: Vec3;
  /** L x R. */
  W: Vec3;
  /** Mitral annulus centre at end-diastole. */
  origin: Vec3;
  lvRadius: number; // inner, end-diastole, cm
  lvLength: number; // base to apex inner, cm
  lvWall: number;
  rvWall: number;
  rvRadius: number;
  laRadius: number;
  raRadius: number;
  aorticRoot: number; // radius, cm
  paRadius: number;
  ivcRadius: number;
  abdominalAorta: number;
}

/** Angle in the short-axis plane (degrees from R toward W) of the aortic outflow side; A3C and PLAX lie on it. */
export const OUTFLOW_DEG = 60;
/** Where the RV's centre lies along R (cm): its free wall a full chamber's width out from the septum, as in A4C. */
const RV_V = 3.9;
/** The crux along R (cm): between the ventricles, where the apical four-chamber beam aims. */
export const SEPTUM_V = 1.6;

export function sampleAnatomy(rng: Rng): AnatomyParams {
  const left = rng.range(35, 55) * DEG;
  const ant = rng.range(22, 38) * DEG;
  const inf = rng.range(22, 38) * DEG;
  const L = unit([Math.sin(left), Math.sin(ant), -Math.sin(inf)]);
  // The RV lies anterior and to the right of the LV, level with it rather than above it, so the four-chamber
  // plane reaches down to the subxiphoid window (a subcostal four-chamber view is a view of that plane).
  const r0: Vec3 = [-0.55, 0.8, 0];
  const R = unit(madd(r0, L, -dot(r0, L)));
  const W = cross(L, R);
  return {
    L, R, W,
    origin: [0, 0, 0],
    lvRadius: rng.range(2.2, 2.75),
    lvLength: rng.range(7.6, 8.8),
    lvWall: rng.range(0.8, 1.1),
    rvWall: rng.range(0.3, 0.5),
    rvRadius: rng.range(1.5, 2.0),
    laRadius: rng.range(1.9, 2.3),
    raRadius: rng.range(1.8, 2.2),
    aorticRoot: rng.range(1.4, 1.75),
    paRadius: rng.range(1.0, 1.25),
    ivcRadius: rng.range(0.7, 1.05),
    abdominalAorta: rng.range(0.9, 1.1),
  };
}

/** Unit direction in the short-axis plane at angle deg (from R toward W). */
export function saDir(a: AnatomyParams, deg: number): Vec3 {
  return combo([[a.R, Math.cos(deg * DEG)], [a.W, Math.sin(deg * DEG)]]);
}

/** Distance from the subcostal window to the four-chamber centre, cm. */
export const SUBCOSTAL_CM = 12;
/** Angle of the subcostal beam from the RV-to-LV direction toward the base, degrees (the heart lies across it). */
const SUBCOSTAL_DEG = 35;

/**
 * The subcostal beam (unit): in the four-chamber plane, through the RV first and then the septum and the LV,
 * 35 degrees toward the base, so the heart lies across the image as on real subcostal four-chamber views.
 */
export function subcostalBeam(a: AnatomyParams): Vec3 {
  return unit(combo([[a.R, -Math.cos(SUBCOSTAL_DEG * DEG)], [a.L, -Math.sin(SUBCOSTAL_DEG * DEG)]]));
}

/** Heart-frame point: u along the long axis from the mitral annulus, then (v, w) along R and W. */
export function heart(a: AnatomyParams, u: number, v: number, w: number): Vec3 {
  return combo([[a.origin, 1], [a.L, u], [a.R, v], [a.W, w]]);
}

/** Landmarks the probe poses aim at, at end-diastole and rest. */
export interface Landmarks {
  apex: Vec3;
  mitral: Vec3;
  tricuspid: Vec3;
  aorticValve: Vec3;
  papillary: Vec3;
  fourChamberCentre: Vec3;
  lvot: Vec3;
  ivcJunction: Vec3;
  archTop: Vec3;
  ascending: Vec3;
  descending: Vec3;
  abdominalAorta: Vec3;
  aortaPath: Vec3[];
  /** Chamber centres (mid-cavity) and the pulmonary valve, for naming what a plane cuts. */
  lv: Vec3;
  rv: Vec3;
  la: Vec3;
  ra: Vec3;
  pulmonaryValve: Vec3;
}

function aortaPath(a: AnatomyParams): Vec3[] {
  const out = saDir(a, OUTFLOW_DEG);
  const av = madd(heart(a, -0.9, 0, 0), out, 1.9);
  const lvot = madd(heart(a, 1.2, 0, 0), out, 1.4);
  const asc = add(av, [-0.6, 0.6, 4.5]);
  const top = add(asc, [1.0, -1.6, 2.2]);
  const back = add(top, [1.6, -2.6, -0.6]);
  const la = laCentre(a);
  const desc = add(la, [1.0, -3.0, 0.5]);
  const dia = add(desc, [-0.4, 0.4, -9]);
  const abd = add(dia, [-0.2, 1.2, -10]);
  return [lvot, av, asc, top, back, desc, dia, abd];
}

function rvotCentre(a: AnatomyParams): Vec3 {
  return madd(heart(a, -0.2, 0, 0), saDir(a, 20), 3.4);
}
function pulmonaryValve(a: AnatomyParams): Vec3 {
  return add(rvotCentre(a), [0.9, 0.2, 2.0]);
}
function laCentre(a: AnatomyParams): Vec3 {
  return madd(heart(a, -1.9, 0, 0), saDir(a, OUTFLOW_DEG + 180), 0.6);
}
function raCentre(a: AnatomyParams): Vec3 {
  return heart(a, -1.9, RV_V, -0.4);
}

export function landmarks(a: AnatomyParams): Landmarks {
  const path = aortaPath(a);
  const ra = raCentre(a);
  return {
    apex: heart(a, a.lvLength + a.lvWall * 0.6, 0, 0),
    mitral: heart(a, 0, 0, 0),
    tricuspid: heart(a, 0.4, RV_V, 0),
    aorticValve: path[1],
    papillary: heart(a, 3.2, 0, 0),
    fourChamberCentre: heart(a, -0.4, SEPTUM_V, 0),
    lvot: path[0],
    ivcJunction: add(ra, [0, -0.3, -2.0]),
    archTop: path[3],
    ascending: path[2],
    descending: path[5],
    abdominalAorta: add(path[6], [0, 0.6, -5]),
    aortaPath: path,
    lv: heart(a, 3.5, 0, 0),
    rv: heart(a, 2.5, RV_V, 0.4),
    la: laCentre(a),
    ra,
    pulmonaryValve: pulmonaryValve(a),
  };
}

function ell(tissue: Tissue, c: Vec3, axes: [Vec3, Vec3, Vec3], radii: [number, number, number], extra: Partial<Ellipsoid> = {}): Ellipsoid {
  return { kind: 'ellipsoid', tissue, c, axes, radii, ...extra };
}

/** A valve leaflet: a thin plate hinged at `hinge`, pointing along `dir`, tangent `tan`. */
function leaflet(hinge: Vec3, dir: Vec3, tan: Vec3, length: number, width: number): Ellipsoid {
  const n = unit(cross(dir, tan));
  return ell(Tissue.Valve, madd(hinge, dir, length / 2), [dir, tan, n], [length / 2, width, 0.13]);
}

/** Semilunar valve cusps (aortic or pulmonary) in a vessel of radius r, axis `ax`, at centre `c`. */
function cusps(c: Vec3, ax: Vec3, ref: Vec3, r: number, open: number): Ellipsoid[] {
  const out: Ellipsoid[] = [];
  const r0 = unit(madd(ref, ax, -dot(ref, ax)));
  for (let k = 0; k < 3; k++) {
    const rad = rotate(r0, ax, (k * 120 + 30) * DEG);
    const tan = cross(ax, rad);
    const half = r * (0.5 - 0.4 * open);
    const centre = madd(madd(c, rad, r - half - 0.05), ax, 0.35 * open);
    out.push(ell(Tissue.Valve, centre, [rad, ax, tan], [half, 0.25 + 0.6 * open, 0.08]));
  }
  return out;
}

/**
 * The scene at one moment, in priority order: the first primitive containing a point gives its tissue.
 * Breathing moves the heart and vessels along z (up to 0.8 cm) and collapses the IVC.
 */
export function buildScene(a0: AnatomyParams, s: CardiacState): Primitive[] {
  const a: AnatomyParams = { ...a0, origin: add(a0.origin, [0, 0, -0.5 * s.breath]) };
  const { L, R, W } = a;
  const c = s.contraction;
  const base = 1.1 * c; // the mitral annulus descends toward the apex in systole
  const lvR = a.lvRadius * (1 - 0.33 * c);
  const lvLen = a.lvLength - base - 0.3 * c;
  const wall = a.lvWall * (1 + 0.35 * c);
  const lvC = heart(a, base, 0, 0);
  const out = saDir(a, OUTFLOW_DEG);
  const back = saDir(a, OUTFLOW_DEG + 180);
  const lm = landmarks(a);

  const prims: Primitive[] = [];
  // Papillary muscles inside the LV.
  for (const deg of [150, 250]) {
    const d = saDir(a, deg);
    prims.push(ell(Tissue.Myocardium, madd(heart(a, base + 3.8, 0, 0), d, lvR * 0.62), [L, d, cross(L, d)], [1.3, 0.5, 0.55]));
  }
  // Mitral leaflets: anterior hinged on the outflow side, posterior opposite; open toward the apex.
  const mOpen = s.avOpen * 70 * DEG;
  const mC = madd(lvC, back, 0.35);
  for (const [side, len] of [[out, 2.2], [back, 1.4]] as Array<[Vec3, number]>) {
    const hinge = madd(mC, side, 1.45);
    const tan = unit(cross(L, side));
    const dir = unit(rotate(scale(side, -1), tan, (side === out ? 1 : -1) * (12 * DEG + mOpen)));
    prims.push(leaflet(hinge, dir, tan, len, 1.5));
  }
  // Tricuspid leaflets.
  const tC = heart(a, base + 0.4, RV_V, 0);
  for (const side of [R, scale(R, -1)]) {
    const hinge = madd(tC, side, 1.3);
    const tan = unit(cross(L, side));
    const dir = unit(rotate(scale(side, -1), tan, (side === R ? -1 : 1) * (10 * DEG + mOpen)));
    prims.push(leaflet(hinge, dir, tan, 1.5, 1.3));
  }
  // Aortic cusps.
  const path = lm.aortaPath.map((p) => add(p, [0, 0, -0.5 * s.breath]));
  const aoAxis = unit(sub(path[2], path[1]));
  prims.push(...cusps(madd(path[1], L, base * 0.5), aoAxis, W, a.aorticRoot, s.semilunarOpen));
  // Pulmonary artery from the RVOT, its valve and branches.
  const rvot = rvotCentre(a);
  const pv = pulmonaryValve(a);
  const bif = add(pv, [0.9, -2.0, 2.6]);
  const paAxis = unit(sub(pv, rvot));
  prims.push(...cusps(pv, paAxis, W, a.paRadius, s.semilunarOpen));
  const vessels: Array<[Vec3[], number[]]> = [
    [path, [a.aorticRoot * 0.8, a.aorticRoot, a.aorticRoot * 0.92, 1.25, 1.2, 1.1, 1.05, a.abdominalAorta]],
    [[rvot, pv, bif], [a.paRadius, a.paRadius, a.paRadius * 0.95]],
    [[bif, add(bif, [-5.5, -0.6, 0.2])], [0.8, 0.75]],
    [[bif, add(bif, [2.6, -1.8, 0.3])], [0.75, 0.7]],
  ];
  // Arch branches: brachiocephalic, left carotid, left subclavian.
  const archPts = [[path[2], path[3], 0.75], [path[3], path[3], 0.0], [path[3], path[4], 0.55]] as const;
  for (const [p, q, t] of archPts) {
    const root = combo([[p, 1 - t], [q, t]]);
    const start = add(root, [0, 0, 0.6]);
    vessels.push([[start, add(start, [-0.3 + t * 0.6, 0.2, 4.5])], [0.55, 0.45]]);
  }
  // IVC through the liver into the RA, with hepatic veins; it collapses on inspiration.
  const ra = raCentre(a);
  const ivcTop = add(ra, [0, -0.3, -0.8]);
  const ivcR = a.ivcRadius * (1 - 0.35 * Math.max(0, s.breath));
  const ivcPts: Vec3[] = [ivcTop, add(ivcTop, [0.1, -0.3, -3.5]), add(ivcTop, [0.4, -0.6, -8]), add(ivcTop, [0.6, -0.8, -16])];
  vessels.push([ivcPts, [ivcR * 1.2, ivcR, ivcR, ivcR * 0.9]]);
  for (const [dx, dy] of [[-3.5, 1.2], [-1.5, 2.5], [1.5, 1.5]]) {
    const j = ivcPts[1];
    vessels.push([[j, add(j, [dx, dy, -3.0])], [0.45, 0.3]]);
  }
  for (const [pts, radii] of vessels) prims.push(...tube(Tissue.Blood, pts, radii));

  // Cavities.
  const lvAxes: [Vec3, Vec3, Vec3] = [L, R, W];
  prims.push(ell(Tissue.Blood, lvC, lvAxes, [lvLen, lvR, lvR * 0.95], { clip: 0 }));
  prims.push(ell(Tissue.Myocardium, lvC, lvAxes, [lvLen + wall * 0.8, lvR + wall, lvR * 0.95 + wall], { clip: -0.1 }));
  const rvC = heart(a, base + 0.3, RV_V, 0.4);
  const rvR = a.rvRadius * (1 - 0.25 * c);
  const rvHalfWidth = rvR + 0.8; // along R: from the septum out to the free wall
  prims.push(ell(Tissue.Blood, rvC, lvAxes, [lvLen * 0.78, rvHalfWidth, 3.6 * (1 - 0.12 * c)], { clip: 0 }));
  const atrial = 1 + 0.12 * c;
  const la = add(laCentre(a), scale(L, base * 0.6));
  const raC = add(ra, scale(L, base * 0.6));
  prims.push(ell(Tissue.Blood, la, [L, back, cross(L, back)], [a.laRadius * 1.25 * atrial, a.laRadius * atrial, a.laRadius * 1.05 * atrial]));
  prims.push(ell(Tissue.Blood, raC, lvAxes, [a.raRadius * 1.3 * atrial, a.raRadius * atrial, a.raRadius * atrial]));
  // Walls of RV and atria, then vessel walls.
  prims.push(ell(Tissue.Myocardium, rvC, lvAxes, [lvLen * 0.78 + a.rvWall, rvHalfWidth + a.rvWall, 3.6 * (1 - 0.12 * c) + a.rvWall], { clip: -0.2 }));
  prims.push(ell(Tissue.Myocardium, la, [L, back, cross(L, back)], [a.laRadius * 1.25 * atrial + 0.25, a.laRadius * atrial + 0.25, a.laRadius * 1.05 * atrial + 0.25]));
  prims.push(ell(Tissue.Myocardium, raC, lvAxes, [a.raRadius * 1.3 * atrial + 0.25, a.raRadius * atrial + 0.25, a.raRadius * atrial + 0.25]));
  for (const [pts, radii] of vessels) prims.push(...tube(Tissue.VesselWall, pts, radii.map((r) => r + 0.3)));
  // Pericardium around the ventricles, then the liver below the diaphragm.
  const pc = heart(a, 2.2, 1.6, 0);
  prims.push(ell(Tissue.Pericardium, pc, lvAxes, [a.lvLength * 0.85, 6.0, 5.0], { hollow: 0.955 }));
  prims.push(ell(Tissue.Liver, add(ivcTop, [-3.0, 2.5, -6.5]), [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [9, 6.5, 5.5]));
  return prims;
}
