/**
 * `evaluate --teach k`: repeated teach-and-measure trials on a labelled set whose features (embeddings and histograms, features.ts) were computed once
 * (or, fine-tuning, once per repeat by the caller's `adapt`).
 * Each repeat teaches k random frames per class and measures on the frames of the other clips of that class,
 * so no clip is ever on both sides; only classes with at least two clips take part. Pure (seeded) but for `adapt`.
 */
import { isRight } from '../evaluation/metrics.js';
import { argmax } from '../pipeline/classifier.js';
import { seededRandom } from '../random.js';
import { applyHead, bindHead, fitHead } from './head.js';

/** One frame of the set: truth label, the class it is taught as, its clip, the head's features (features.ts) and the model's probabilities. */
export interface Sample {
  truth: string;
  teachAs: string;
  clip: string;
  features: Float32Array;
  probs: Float32Array;
  /** The frame at the model's input size, where kept (fine-tuning re-runs it). */
  crop?: Uint8Array;
}

/**
 * Where a class's k taught frames come from: `fewest`, as few clips as hold k frames (leaving one to measure);
 * `one`, a single clip; `spread`, one frame from each of up to k clips in turn (leaving one to measure), as when a
 * view is taught on several patients.
 */
export type ClipRule = 'fewest' | 'one' | 'spread';

export interface TrialOptions {
  /** Leading feature values the head's gate compares (the embedding's width; features.ts). */
  gateDim: number;
  k: number;
  repeats: number;
  seed: number;
  clips: ClipRule;
}

export interface TrialFigures {
  k: number;
  repeats: number;
  /** Classes taught and measured (at least two clips each). */
  classes: string[];
  /** Mean frames taught and measured per repeat. */
  taughtFrames: number;
  measuredFrames: number;
  /** Frame accuracy on the measured frames with the taught head: mean, standard deviation, lowest, highest. */
  taught: { mean: number; sd: number; min: number; max: number };
  /** The base model's frame accuracy on the same measured frames (mean over repeats). */
  base: number;
  /** Per taught class: the share of its measured frames named right with the taught head, over all repeats. */
  recall: Record<string, number>;
  /**
   * With samples adapted per repeat (fine-tuning): the head on the samples as they are, on the same splits (mean), and
   * the adapted figure's gain over it per repeat (mean, standard deviation, and in how many repeats it was higher).
   */
  paired?: { headAlone: number; gain: { mean: number; sd: number }; higherIn: number };
}

/** The paired comparison of two accuracies measured on the same splits. */
function paired(adapted: number[], alone: number[]): NonNullable<TrialFigures['paired']> {
  const d = adapted.map((a, i) => a - alone[i]), m = mean(d);
  return { headAlone: round(mean(alone)), gain: { mean: round(m), sd: round(Math.sqrt(mean(d.map((x) => (x - m) ** 2)))) }, higherIn: d.filter((x) => x > 0).length };
}

/** A split: indices of taught and measured samples. */
export interface Split {
  teach: number[];
  measure: number[];
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Clips of each class that has at least two, in first-seen order. */
export function clipsByClass(samples: Sample[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const s of samples) (m.get(s.teachAs) ?? m.set(s.teachAs, new Set()).get(s.teachAs)!).add(s.clip);
  return new Map([...m].filter(([, c]) => c.size >= 2).map(([k, c]) => [k, [...c]]));
}

/** One repeat's split: per class, teach clips chosen at random, k frames among them (o.clips), the other clips measured. */
export function splitTeach(samples: Sample[], byClass: Map<string, string[]>, o: { k: number; clips: ClipRule }, rnd: () => number): Split {
  const teach: number[] = [], measure: number[] = [];
  for (const [cls, clips] of byClass) {
    const order = shuffle([...clips], rnd);
    const used = new Set<string>();
    const framesOf = (clip: string) => (used.add(clip), samples.flatMap((s, i) => (s.teachAs === cls && s.clip === clip ? [i] : [])));
    if (o.clips === 'spread') {
      const lists = order.slice(0, Math.min(o.k, order.length - 1)).map((clip) => shuffle(framesOf(clip), rnd));
      const chosen: number[] = [];
      for (let r = 0; chosen.length < o.k && lists.some((l) => r < l.length); r++) for (const l of lists) if (r < l.length && chosen.length < o.k) chosen.push(l[r]);
      teach.push(...chosen);
    } else {
      let pool: number[] = [];
      for (const clip of order.slice(0, o.clips === 'one' ? 1 : -1)) {
        pool = pool.concat(framesOf(clip));
        if (pool.length >= o.k) break;
      }
      teach.push(...shuffle(pool, rnd).slice(0, o.k));
    }
    samples.forEach((s, i) => s.teachAs === cls && !used.has(s.clip) && measure.push(i));
  }
  return { teach, measure };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * The samples a repeat measures with: the set's own, or, with fine-tuning, every sample re-run through a network
 * tuned on the split's taught frames (the same order, so the split's indices hold).
 */
export type Adapt = (split: Split) => Promise<Sample[]>;

/** A head taught on a split's taught samples (`seen`: their outputs) and measured on its other samples: accuracy and each frame's verdict. */
function measureHead(samples: Sample[], seen: Sample[], split: Split, classes: string[], gateDim: number): { accuracy: number; right: boolean[] } {
  const dim = seen[0].features.length, k = classes.length;
  const taughtFeatures = new Float32Array(split.teach.length * dim);
  split.teach.forEach((i, j) => taughtFeatures.set(seen[i].features, j * dim));
  const head = bindHead(fitHead(taughtFeatures, split.teach.map((i) => samples[i].teachAs), dim, { gateDim }), classes);
  const right = split.measure.map((i) => {
    const p = seen[i].probs.slice();
    applyHead(head, seen[i].features, 0, p, 0, k);
    return isRight(samples[i].truth, classes[argmax(p)]);
  });
  return { accuracy: right.filter(Boolean).length / right.length, right };
}

/**
 * Run the repeats. `classes` are the model's, in output order; `adapt` re-runs the samples per repeat (fine-tuning),
 * and the head on the samples as they are is then measured on the same split too, for a paired comparison.
 */
export async function teachTrials(samples: Sample[], classes: string[], o: TrialOptions, adapt?: Adapt): Promise<TrialFigures> {
  const byClass = clipsByClass(samples);
  const taught: number[] = [], base: number[] = [], nTeach: number[] = [], nMeasure: number[] = [], alone: number[] = [];
  const hits = new Map<string, [number, number]>([...byClass.keys()].map((c) => [c, [0, 0]]));
  for (let r = 0; r < o.repeats; r++) {
    const split = splitTeach(samples, byClass, o, seededRandom(o.seed + r));
    if (!split.teach.length || !split.measure.length) break;
    const seen = adapt ? await adapt(split) : samples;
    const { accuracy, right } = measureHead(samples, seen, split, classes, o.gateDim);
    split.measure.forEach((i, j) => {
      const h = hits.get(samples[i].teachAs)!;
      h[0] += right[j] ? 1 : 0;
      h[1]++;
    });
    if (adapt) alone.push(measureHead(samples, samples, split, classes, o.gateDim).accuracy);
    taught.push(accuracy);
    base.push(split.measure.filter((i) => isRight(samples[i].truth, classes[argmax(samples[i].probs)])).length / split.measure.length);
    nTeach.push(split.teach.length);
    nMeasure.push(split.measure.length);
  }
  const m = mean(taught);
  return {
    k: o.k, repeats: taught.length, classes: [...byClass.keys()],
    taughtFrames: round(mean(nTeach)), measuredFrames: round(mean(nMeasure)),
    taught: { mean: round(m), sd: round(Math.sqrt(mean(taught.map((x) => (x - m) ** 2)))), min: round(Math.min(...taught)), max: round(Math.max(...taught)) },
    base: round(mean(base)),
    recall: Object.fromEntries([...hits].map(([c, [r, n]]) => [c, round(r / Math.max(1, n))])),
    ...(adapt ? { paired: paired(taught, alone) } : {}),
  };
}
