/**
 * Probe poses as plain data, and how far one is from a view's ideal pose. Pure: shared by the phantom (which
 * makes poses), the pipeline (the trainer's guidance and scoring) and the dashboard (the 3D scene, quality
 * labels). Units: cm for positions in the patient frame (x = patient's left, y = anterior, z = head), degrees
 * for angles; errors are reported in mm and degrees.
 */

type V3 = readonly [number, number, number];

/** A probe pose: transducer face position (cm), beam direction and screen-right (marker) direction (unit). */
export interface PoseData {
  pos: V3;
  dir: V3;
  lat: V3;
}

/**
 * Where the probe is on the skin and how it is held: outline position `s` (cm from the front midline, +
 * toward the patient's left), height `z` (cm, + toward the head), `rotate` (degrees, clockwise as seen
 * looking at the skin), `tilt` (fan out of the image plane) and `rock` (lean within it, + toward the marker).
 */
export interface SkinState {
  s: number;
  z: number;
  rotate: number;
  tilt: number;
  rock: number;
}

/** A cursor line in the sector (degrees from the beam axis toward screen right) and the PW gate on it (cm). */
export interface Cursor {
  angleDeg: number;
  gateCm: number;
}

/** Where a mode's cursor starts when the mode is switched on: down the middle, gate at 8 cm. */
export const CURSOR_START: Cursor = { angleDeg: 0, gateCm: 8 };

/** Everything the trainee controls: the probe on the skin, the machine's mode and the mode's cursor. */
export interface ProbeHold {
  skin: SkinState;
  mode: '2d' | 'pw' | 'cw' | 'mmode';
  cursor: Cursor;
}

/** How far a pose is from an ideal one: position (mm), beam angle and marker angle (degrees), and the worse angle. */
export interface PoseError {
  mm: number;
  beamDeg: number;
  rotationDeg: number;
  /** max(beamDeg, rotationDeg). */
  deg: number;
}

/** A view is reached when the phantom labels the pose as that view and the pose is this close to the ideal. */
export const REACHED = { mm: 5, deg: 10 } as const;

const angle = (a: V3, b: V3) => {
  const c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (Math.hypot(...a) * Math.hypot(...b) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
};

/** The error of pose p against the ideal pose q (rounded to 0.1 mm and 0.1 degree). */
export function poseError(p: PoseData, q: PoseData): PoseError {
  const r = (x: number) => Math.round(x * 10) / 10;
  const mm = r(10 * Math.hypot(p.pos[0] - q.pos[0], p.pos[1] - q.pos[1], p.pos[2] - q.pos[2]));
  const beamDeg = r(angle(p.dir, q.dir));
  const rotationDeg = r(angle(p.lat, q.lat));
  return { mm, beamDeg, rotationDeg, deg: Math.max(beamDeg, rotationDeg) };
}

/** Whether an error is within the reach tolerance (the label must match as well; the caller checks that). */
export function withinReach(e: PoseError): boolean {
  return e.mm <= REACHED.mm && e.deg <= REACHED.deg;
}

/** A plain quality word for a pose error, for labels: on the view, close, or off. */
export function poseQuality(e: PoseError): 'good' | 'fair' | 'poor' {
  if (withinReach(e)) return 'good';
  return e.mm <= 2 * REACHED.mm && e.deg <= 2 * REACHED.deg ? 'fair' : 'poor';
}

/**
 * The image quality a pose error stands for, 0-100 (what the model's `quality` output is trained to say):
 * 100 on the ideal plane, 80 at the edge of reach (5 mm or 10 degrees), 50 at twice that, 20 at four times;
 * with the beam-angle part (off-axis) and the position part (foreshortened or off the window) on their own.
 */
export function poseScore(e: PoseError): { score: number; angle: number; position: number } {
  return { score: falloff(Math.max(e.mm / REACHED.mm, e.deg / REACHED.deg)), angle: falloff(e.deg / REACHED.deg), position: falloff(e.mm / REACHED.mm) };
}

/** Depth beyond the view's need at which the image counts as 80 (the heart shrinks into the top of the sector), cm. */
export const DEPTH_REACH_CM = 3;

/**
 * The image quality a depth setting stands for, 0-100, on the same curve as poseScore: 100 at the view's own depth
 * or less, 80 at DEPTH_REACH_CM too deep, 50 at twice that, 20 at four times. @param excessCm depth past the view's, cm
 */
export function depthScore(excessCm: number): number {
  return falloff(Math.max(0, excessCm) / DEPTH_REACH_CM);
}

/** 100 at 0, 80 at 1 (the edge of reach), 50 at 2, 20 at 4. */
function falloff(x: number): number {
  return 100 / (1 + (x / 2) ** 2);
}
