/** Minimal 3-vector maths for the phantom (cm, patient frame: x = patient's left, y = anterior, z = head). */
export type Vec3 = readonly [number, number, number];

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const unit = (a: Vec3): Vec3 => scale(a, 1 / (norm(a) || 1));
/** a + b*k, the common "point plus direction" step. */
export const madd = (a: Vec3, b: Vec3, k: number): Vec3 => [a[0] + b[0] * k, a[1] + b[1] * k, a[2] + b[2] * k];
/** Sum of vectors scaled by weights. */
export function combo(terms: Array<[Vec3, number]>): Vec3 {
  let out: Vec3 = [0, 0, 0];
  for (const [v, k] of terms) out = madd(out, v, k);
  return out;
}
/** Rotate v about unit axis k by angle a (radians), Rodrigues' formula. */
export function rotate(v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return combo([[v, c], [cross(k, v), s], [k, dot(k, v) * (1 - c)]]);
}
/** Angle between two vectors in degrees. */
export function angleDeg(a: Vec3, b: Vec3): number {
  const c = dot(a, b) / ((norm(a) * norm(b)) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
}
export const DEG = Math.PI / 180;
