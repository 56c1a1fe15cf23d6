/**
 * A pose as a sonographer makes one near a view, for checking the quality output: a random 2D view, a quarter
 * of the time held there (hand jitter), else moved off by up to about 2.5 cm and 40 degrees, small moves more
 * often than large ones, on subjects with their own screen size. The draws' order is fixed, so a seed gives the same poses to every script that uses it.
 */
import { Phantom } from '../../server/phantom/phantom.js';
import { Rng } from '../../server/phantom/rng.js';
import { type PlaneView, type Pose, movePose } from '../../server/phantom/probe.js';
import { PLANE_VIEWS } from '../../server/views.js';

/** Screen sizes of the subjects (4:3). */
const SCREENS: Array<[number, number]> = [[320, 240], [400, 300], [480, 360]];

/** A subject: its random stream (screen size drawn first), and its phantom on that screen. */
export function offViewSubject(seed: number): { rng: Rng; ph: Phantom; width: number; height: number } {
  const rng = new Rng(seed);
  const [width, height] = rng.pick(SCREENS);
  return { rng, ph: new Phantom(seed, width, height), width, height };
}

export function offViewPose(ph: Phantom, rng: Rng): { view: PlaneView; ideal: Pose; time: number; pose: Pose } {
  const view = rng.pick(PLANE_VIEWS) as PlaneView;
  const ideal = ph.canonical(view).pose;
  const time = rng.range(0, 20);
  const m = rng.next() < 0.25 ? 0 : rng.next() ** 1.5;
  const sign = () => (rng.next() < 0.5 ? -1 : 1);
  const pose = movePose(ph.jitter(ideal, time), {
    slideLat: sign() * m * rng.range(0, 2.5), slideElev: sign() * m * rng.range(0, 2),
    rotate: sign() * m * rng.range(0, 40), tilt: sign() * m * rng.range(0, 25), rock: sign() * m * rng.range(0, 25),
  });
  return { view, ideal, time, pose };
}
