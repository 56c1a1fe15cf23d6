/**
 * The patient's torso as a skin surface the probe slides on: an elliptic cylinder about a vertical axis
 * (x = patient's left, y = anterior, z = head; cm), its radius scaled by a smooth field that makes the skin
 * pass exactly through every acoustic window of the anatomy (the canonical probe positions), so each view's
 * ideal pose is a pose on the skin. Skin coordinates: `s` (cm along the torso's outline from the front
 * midline, positive toward the patient's left) and `z` (cm, toward the head).
 */
import { type Vec3, cross, dot, madd, norm, scale, sub, unit } from './vec.js';

/**
 * The skin's shape: a plain elliptic cylinder (centre and semi-axes, cm) plus a smooth displacement field
 * (Gaussian bumps with vector weights, cm) that carries each window's spot on the cylinder to the window.
 */
export interface TorsoShape {
  cx: number;
  cy: number;
  /** Semi-axes toward the patient's left (a) and anterior (b), cm. */
  a: number;
  b: number;
  /** Bump width, cm of skin. */
  sigma: number;
  /** Bumps: angle (radians from the front midline toward the left), height (cm) and displacement weight (cm). */
  bumps: Array<{ th: number; z: number; w: Vec3 }>;
}

/** A point on the skin with its frame: outward normal, toward the head and toward the patient's left (tangents). */
export interface SkinFrame {
  p: Vec3;
  n: Vec3;
  head: Vec3;
  left: Vec3;
}

/** Torso height range, cm (patient frame): from the hips to the shoulders. */
export const TORSO_Z: [number, number] = [-30, 20];
/** Default ellipse semi-axes, cm: half the chest's width and half its depth. */
const SEMI_AXES = { a: 15, b: 11 };
/** Bump width, cm: wide enough for a smooth skin, narrow enough to keep windows apart. */
const SIGMA_CM = 3;
const TABLE_STEP = Math.PI / 720;

const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

export class Torso {
  /** Cumulative outline length (cm) on the unit-scale ellipse at angles -pi..pi, TABLE_STEP apart. */
  private readonly arc: Float64Array;
  private readonly mean: number;

  constructor(readonly shape: TorsoShape) {
    const n = Math.round((2 * Math.PI) / TABLE_STEP) + 1;
    this.arc = new Float64Array(n);
    const speed = (t: number) => Math.hypot(shape.a * Math.cos(t), shape.b * Math.sin(t));
    for (let i = 1; i < n; i++) {
      const t = -Math.PI + (i - 0.5) * TABLE_STEP;
      this.arc[i] = this.arc[i - 1] + speed(t) * TABLE_STEP;
    }
    const zero = this.arcAt(0);
    for (let i = 0; i < n; i++) this.arc[i] -= zero;
    this.mean = (shape.a + shape.b) / 2;
  }

  /**
   * Fit a torso through the given skin points (each ends up exactly on the skin): the cylinder sits on the
   * midline `midX` with its front at the points' mean depth; each point gets a spot on the cylinder (its
   * radial projection, moved down where two points would otherwise sit closer on the skin than in space, so
   * the skin never gets steeper than the anatomy needs) and the displacement field carries the spot to it.
   */
  static through(points: Vec3[], midX: number): Torso {
    const { a, b } = SEMI_AXES;
    const uniq = points.filter((p, i) => points.findIndex((q) => norm(sub(p, q)) < 1e-6) === i);
    // Centre depth: the one that puts the points on the plain ellipse on average (a 1-D search).
    let best = { cy: 0, err: Infinity };
    for (let cy = -15; cy <= 5; cy += 0.05) {
      const err = uniq.reduce((e, p) => e + (Math.hypot((p[0] - midX) / a, (p[1] - cy) / b) - 1) ** 2, 0);
      if (err < best.err) best = { cy, err };
    }
    const plain = new Torso({ cx: midX, cy: best.cy, a, b, sigma: SIGMA_CM, bumps: [] });
    const m = (a + b) / 2;
    const nodes = uniq.map((p) => ({ th: Math.atan2((p[0] - midX) / a, (p[1] - best.cy) / b), z: p[2] }));
    const skinDist = (i: number, j: number) => Math.hypot(m * wrap(nodes[i].th - nodes[j].th), nodes[i].z - nodes[j].z);
    for (let moved = true, guard = 0; moved && guard < 2000; guard++) {
      moved = false;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = 0; j < nodes.length; j++) {
          if (i === j || nodes[i].z > nodes[j].z || (nodes[i].z === nodes[j].z && i > j)) continue;
          if (norm(sub(uniq[i], uniq[j])) > skinDist(i, j) + 0.05) {
            nodes[i].z -= 0.1;
            moved = true;
          }
        }
      }
    }
    const g = (i: number, j: number) => Math.exp(-(skinDist(i, j) ** 2) / (2 * SIGMA_CM ** 2));
    const gram = nodes.map((_, i) => nodes.map((__, j) => g(i, j)));
    const offsets = uniq.map((p, i) => sub(p, plain.pointAt(nodes[i].th, nodes[i].z)));
    const w = [0, 1, 2].map((c) => solve(gram, offsets.map((o) => o[c])));
    return new Torso({ cx: midX, cy: best.cy, a, b, sigma: SIGMA_CM, bumps: nodes.map((q, i) => ({ th: q.th, z: q.z, w: [w[0][i], w[1][i], w[2][i]] as Vec3 })) });
  }

  /** The displacement field at angle th (radians) and height z (cm). */
  private displacement(th: number, z: number): Vec3 {
    const s2 = 2 * this.shape.sigma ** 2;
    let d: Vec3 = [0, 0, 0];
    for (const q of this.shape.bumps) d = madd(d, q.w, Math.exp(-(((this.mean * wrap(th - q.th)) ** 2 + (z - q.z) ** 2) / s2)));
    return d;
  }

  private arcAt(th: number): number {
    const f = (wrap(th) + Math.PI) / TABLE_STEP;
    const i = Math.min(this.arc.length - 2, Math.floor(f));
    return this.arc[i] + (this.arc[i + 1] - this.arc[i]) * (f - i);
  }

  /** Angle (radians) of outline position s (cm from the front midline, + toward the patient's left). */
  angleOf(s: number): number {
    const arr = this.arc;
    const total = arr[arr.length - 1] - arr[0];
    let v = s;
    while (v > arr[arr.length - 1]) v -= total;
    while (v < arr[0]) v += total;
    let lo = 0, hi = arr.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] <= v) lo = mid;
      else hi = mid;
    }
    return -Math.PI + (lo + (v - arr[lo]) / (arr[hi] - arr[lo] || 1)) * TABLE_STEP;
  }

  /** Outline position (cm) of angle th. */
  outlineOf(th: number): number {
    return this.arcAt(th);
  }

  /** The skin point at angle th (radians) and height z (cm). */
  pointAt(th: number, z: number): Vec3 {
    const d = this.displacement(th, z);
    return [this.shape.cx + this.shape.a * Math.sin(th) + d[0], this.shape.cy + this.shape.b * Math.cos(th) + d[1], z + d[2]];
  }

  /**
   * The skin point at skin coordinates (s, z), cm, with the frame the probe's angles are measured in: the
   * normal and tangents of the plain cylinder there (the torso's smooth outline, not its local bumps, so a
   * slide never flips the probe's angles).
   */
  frame(s: number, z: number): SkinFrame {
    const th = this.angleOf(s);
    const n = unit([Math.sin(th) / this.shape.a, Math.cos(th) / this.shape.b, 0]);
    const head: Vec3 = [0, 0, 1];
    return { p: this.pointAt(th, z), n, head, left: cross(n, head) };
  }

  /**
   * Skin coordinates (s, z) of the skin point nearest to p: Newton steps from the radial projection and from
   * every window's spot, keeping the closest result.
   */
  coordsOf(p: Vec3): { s: number; z: number } {
    const starts = [{ th: Math.atan2((p[0] - this.shape.cx) / this.shape.a, (p[1] - this.shape.cy) / this.shape.b), z: p[2] }, ...this.shape.bumps];
    let best = { th: 0, z: 0, miss: Infinity };
    for (const s0 of starts) {
      let { th, z } = s0;
      const h = 1e-4;
      for (let it = 0; it < 40; it++) {
        const d = sub(p, this.pointAt(th, z));
        const dth = scale(sub(this.pointAt(th + h, z), this.pointAt(th - h, z)), 1 / (2 * h));
        const dzv = scale(sub(this.pointAt(th, z + h), this.pointAt(th, z - h)), 1 / (2 * h));
        // Least squares for the tangent step (2x2 normal equations), damped to stay on the local sheet.
        const a11 = dot(dth, dth), a12 = dot(dth, dzv), a22 = dot(dzv, dzv);
        const b1 = dot(d, dth), b2 = dot(d, dzv);
        const det = a11 * a22 - a12 * a12 || 1;
        let sth = (b1 * a22 - b2 * a12) / det, sz = (a11 * b2 - a12 * b1) / det;
        const len = Math.hypot(sth * this.mean, sz);
        if (len > 2) [sth, sz] = [(sth * 2) / len, (sz * 2) / len];
        th += sth;
        z += sz;
        if (Math.abs(sth) < 1e-12 && Math.abs(sz) < 1e-10) break;
      }
      const miss = norm(sub(p, this.pointAt(th, z)));
      if (miss < best.miss) best = { th, z, miss };
    }
    return { s: this.outlineOf(best.th), z: best.z };
  }
}

/** Solve a small dense linear system (Gaussian elimination with partial pivoting). */
function solve(m: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = m.map((row, i) => [...row, rhs[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = a[r][n];
    for (let k = r + 1; k < n; k++) v -= a[r][k] * x[k];
    x[r] = v / a[r][r];
  }
  return x;
}
