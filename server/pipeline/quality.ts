/**
 * The quality meter of one stream: the model's per-frame quality (score, off-axis part, position part; 0-100)
 * smoothed over time while a 2D view is held, with the reason when it is low. Darkness is read from the
 * pixels, not the model: the model standardises every image, so it cannot see gain. Too deep is read from the
 * model: it was trained to lower the score, not the two pose parts, for frames imaged deeper than the view needs,
 * so a score well under both parts means the image, not the probe, is at fault.
 */
import type { ViewId } from '../views.js';
import type { QualityReading } from '../protocol.js';

/** Below this score the meter says why. */
export const LOW = 60;
/** A crop whose 90th-percentile grey level is under this is too dark (normal screens measured 69-154). */
const DARK_P90 = 40;
/**
 * A score this far under the lower of its two pose parts is an image imaged too deep (chosen on training-range
 * phantom subjects; docs/model.md gives how often it fires at the preset depth and deeper on held-out ones).
 */
export const DEEP_GAP = 15;
/** Smoothing half-life, s. */
const HALF_LIFE_S = 0.3;
/** Views whose position error shortens the ventricle (the probe is not on the apex). */
const APICAL: readonly ViewId[] = ['a4c', 'a5c', 'a2c', 'a3c'];
const MODES: readonly ViewId[] = ['pw', 'cw', 'mmode'];

/** The grey level below which `share` of the pixels lie. */
function percentile(crop: Uint8Array, share: number): number {
  const hist = new Uint32Array(256);
  for (const v of crop) hist[v]++;
  const want = share * crop.length;
  let acc = 0;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= want) return v;
  return 255;
}

export class QualityMeter {
  private view: ViewId | null = null;
  private last = 0;
  private smooth = [0, 0, 0];

  /**
   * One frame. @param time s; @param view the held view (null: none held, the meter resets);
   * @param q the model's [score, off-axis part, position part]; @param crop the model's input (uint8)
   * @returns the reading, or null without a held 2D view
   */
  update(time: number, view: ViewId | null, q: ArrayLike<number>, crop: Uint8Array): QualityReading | null {
    if (!view || MODES.includes(view)) {
      this.view = null;
      return null;
    }
    const k = this.view === view ? 1 - 0.5 ** (Math.max(0, time - this.last) / HALF_LIFE_S) : 1;
    this.smooth = this.smooth.map((s, i) => s + k * (q[i] - s));
    this.view = view;
    this.last = time;
    const [score, angle, position] = this.smooth;
    const r: QualityReading = { score: Math.round(score) };
    if (percentile(crop, 0.9) < DARK_P90) r.reason = 'too-dark';
    else if (Math.min(angle, position) - score >= DEEP_GAP) r.reason = 'too-deep';
    else if (score < LOW) r.reason = angle <= position ? 'off-axis' : APICAL.includes(view) ? 'foreshortened' : 'off-window';
    return r;
  }
}
