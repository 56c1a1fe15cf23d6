/** Every figure `evaluate` reports, from judged frames. Pure. */
import { NONE_CLASS } from '../views.js';
import { type ClassFigures, type Confusion, type Judged, accuracy, confusion, hardPairs, isRight, noneMaskedAccuracy, perClass, rightWhenMasked, unfamiliarFigures } from './metrics.js';
import { clipAccuracy } from './clips.js';
import { clipInterval } from './interval.js';
import { seededRandom } from '../random.js';

export interface Figures {
  frames: number;
  frameAccuracy: number;
  /** Frames whose truth is a view (not none), and the share right. */
  viewFrames: number;
  viewFrameAccuracy: number;
  /** View frames right when `none` cannot be chosen (null when unknown). */
  viewFrameAccuracyNoneMasked: number | null;
  /**
   * 95% intervals of the two view-frame figures over resampled clips (interval.ts; 1000 resamples, seed 1): the
   * range a set of other clips like these could give; null when there are no view frames or no masked figure.
   */
  viewFrameInterval: [number, number] | null;
  viewFrameNoneMaskedInterval: [number, number] | null;
  clips: number;
  /** Majority vote per clip; null without clips. */
  clipAccuracy: number | null;
  perClass: Record<string, ClassFigures>;
  unfamiliar: ReturnType<typeof unfamiliarFigures>;
  /** Frame and clip figures per source (absent without a source column). */
  perSource?: Record<string, { frames: number; frameAccuracy: number; clips: number; clipAccuracy: number | null }>;
  confusion: Confusion;
  hardPairs: ReturnType<typeof hardPairs>;
}

/** @param classes the model's classes in output order (the confusion matrix's columns) */
export function figures(rows: Judged[], classes: string[]): Figures {
  const viewRows = rows.filter((r) => r.truth !== NONE_CLASS), masked = noneMaskedAccuracy(rows);
  const all = accuracy(rows), views = accuracy(viewRows);
  const conf = confusion(rows, classes);
  const sources = [...new Set(rows.map((r) => r.source).filter((s): s is string => s !== null))].sort();
  const perSource = sources.length
    ? Object.fromEntries(sources.map((s) => {
      const rs = rows.filter((r) => r.source === s), a = accuracy(rs);
      return [s, { frames: a.frames, frameAccuracy: a.accuracy, ...clipAccuracy(rs) }];
    }))
    : undefined;
  return {
    frames: all.frames, frameAccuracy: all.accuracy, viewFrames: views.frames, viewFrameAccuracy: views.accuracy,
    viewFrameAccuracyNoneMasked: masked,
    viewFrameInterval: clipInterval(viewRows, (r) => isRight(r.truth, r.predicted), { random: seededRandom(1) }),
    viewFrameNoneMaskedInterval: masked === null ? null : clipInterval(viewRows, rightWhenMasked, { random: seededRandom(1) }),
    ...clipAccuracy(rows), perClass: perClass(rows), unfamiliar: unfamiliarFigures(rows),
    ...(perSource ? { perSource } : {}), confusion: conf, hardPairs: hardPairs(conf),
  };
}
