/**
 * The automatic trainee: a phantom probe driven only by the trainer's hints (server/pipeline/pose-guidance.ts).
 * It reads the hint, presses the key it names once, and reads the hint again, until the hint says hold.
 */
import { Phantom, type ImagingMode } from '../../server/phantom/phantom.js';
import { optimumPresses, standing, targetPose } from '../../server/phantom/practice.js';
import { moveSkin } from '../../server/phantom/skin.js';
import { guidePose } from '../../server/pipeline/pose-guidance.js';
import { PROBE_KEYS } from '../../server/protocol.js';
import type { SkinState } from '../../server/pose.js';
import type { ViewId } from '../../server/views.js';

export interface Leg {
  view: ViewId;
  presses: number;
  optimum: number;
  reached: boolean;
  /** Final pose error, mm and degrees. */
  mm: number;
  deg: number;
}

/** Give up after this many presses (a hang guard: a leg that needs more has failed). */
const MAX_PRESSES = 400;

/** Follow the hints from a probe state to a view; returns the leg and where the probe ended. */
export function followHints(ph: Phantom, start: SkinState, startMode: ImagingMode, view: ViewId): { leg: Leg; skin: SkinState; mode: ImagingMode } {
  let skin = start;
  let mode = startMode;
  const optimum = optimumPresses(ph, start, mode, view);
  const { base } = targetPose(view);
  let presses = 0;
  for (;;) {
    const at = standing(ph, skin, mode, view);
    const poseAt = standing(ph, skin, targetPose(view).mode, view);
    const hint = guidePose({ target: view, skin, ideal: ph.idealSkin(base), mode, poseReached: poseAt.reached, reached: at.reached, error: at.error });
    if (hint.kind === 'hold' || presses >= MAX_PRESSES) {
      return { leg: { view, presses, optimum, reached: at.reached, mm: at.error.mm, deg: at.error.deg }, skin, mode };
    }
    const key = PROBE_KEYS[hint.moves[0].key!];
    if (key.mode) mode = key.mode;
    else {
      const m = key.move!;
      skin = moveSkin(skin, { s: m.slideLeft, z: m.slideHead, rotate: m.rotate, tilt: m.tilt, rock: m.rock });
    }
    presses++;
  }
}
