/**
 * The body a seed fixes: the anatomy, the heart's timing and the probe's canonical poses. The Phantom renders
 * from it; the dashboard's 3D scene builds the same body from the same seed (pure, no Node imports).
 */
import { Rng } from './rng.js';
import { type AnatomyParams, sampleAnatomy } from './anatomy.js';
import type { Timing } from './cardiac.js';
import { canonicalPoses, type PlaneView, type Pose } from './probe.js';
import { Torso } from './torso.js';

export interface PhantomBody {
  anatomy: AnatomyParams;
  timing: Timing;
  poses: Record<PlaneView, Pose>;
  /** The seed's generator after the body's draws (the Phantom draws its machine and imaging from it). */
  rest: Rng;
}

export function phantomBody(seed: number): PhantomBody {
  const rng = new Rng(seed);
  const anatomy = sampleAnatomy(rng.fork(1));
  const t = rng.fork(2);
  const timing: Timing = {
    heartRate: t.range(45, 120),
    breathPeriod: t.range(3, 6),
    ef: t.range(0.5, 0.68),
    mitralE: t.range(0.6, 1.0),
    mitralA: t.range(0.4, 0.7),
    aorticPeak: t.next() < 0.25 ? t.range(3, 5) : t.range(1.0, 1.7),
  };
  return { anatomy, timing, poses: canonicalPoses(anatomy), rest: rng };
}

/** The skin of a body: the torso fitted through its windows (the canonical probe positions). */
export function torsoOf(poses: Record<PlaneView, Pose>): Torso {
  return Torso.through(Object.values(poses).map((p) => p.pos), poses['ssn-arch'].pos[0]);
}
