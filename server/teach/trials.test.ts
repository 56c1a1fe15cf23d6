import { describe, expect, it } from 'vitest';
import { collectSamples } from '../commands/evaluate-teach.js';
import { type Sample, clipsByClass, splitTeach, teachTrials } from './trials.js';

const CLASSES = ['plax', 'a4c', 'a2c', 'none'];

/** Three clips of a4c and plax (4 frames each), one clip of a2c: features near each class's own axis. */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (const [cls, clips] of [['plax', 3], ['a4c', 3], ['a2c', 1]] as const) {
    for (let c = 0; c < clips; c++) {
      for (let f = 0; f < 4; f++) {
        const e = Float32Array.from({ length: 4 }, (_, j) => (j === CLASSES.indexOf(cls) ? 1 : 0.1 * Math.cos(c * 5 + f + j)));
        const n = Math.hypot(...e);
        out.push({ truth: cls, teachAs: cls, clip: `${cls}-${c}`, features: e.map((x) => x / n), probs: Float32Array.from([0, 0, 0, 1]) });
      }
    }
  }
  return out;
}

describe('teach-and-measure trials', () => {
  it('never puts frames of one clip on both sides, for any seed, k or clip rule', () => {
    const s = samples();
    const byClass = clipsByClass(s);
    expect([...byClass.keys()]).toEqual(['plax', 'a4c']); // a2c has one clip: neither taught nor measured
    for (let seed = 0; seed < 50; seed++) {
      for (const k of [1, 3, 5, 10]) {
        for (const clips of ['fewest', 'one', 'spread'] as const) {
          let x = seed + 1;
          const rnd = () => ((x = (x * 16807) % 2147483647) / 2147483647);
          const { teach, measure } = splitTeach(s, byClass, { k, clips }, rnd);
          const taughtClips = new Set(teach.map((i) => s[i].clip));
          expect(measure.some((i) => taughtClips.has(s[i].clip))).toBe(false);
          expect(measure.length).toBeGreaterThan(0);
          for (const cls of byClass.keys()) {
            const mine = teach.filter((i) => s[i].teachAs === cls);
            expect(mine.length).toBe(Math.min(k, clips === 'one' ? 4 : 8));
            // one: a single clip; spread: one frame from each of up to k clips (two of the three here) before any second.
            const used = new Set(mine.map((i) => s[i].clip)).size;
            if (clips === 'one') expect(used).toBe(1);
            if (clips === 'spread') expect(used).toBe(Math.min(k, 2));
          }
        }
      }
    }
  });

  it('teaches views the base model gets wrong and reports the base model beside it', async () => {
    const r = await teachTrials(samples(), CLASSES, { k: 3, repeats: 20, seed: 1, clips: 'fewest', gateDim: 4 });
    expect(r).toMatchObject({ repeats: 20, classes: ['plax', 'a4c'], base: 0, recall: { plax: 1, a4c: 1 } });
    expect(r.taught.mean).toBe(1);
  });

  it('compares adapted samples with the head on them as they are on the same splits, repeat by repeat', async () => {
    const s = samples();
    const same = await teachTrials(s, CLASSES, { k: 1, repeats: 10, seed: 1, clips: 'fewest', gateDim: 4 }, async () => s);
    expect(same.paired).toEqual({ headAlone: same.taught.mean, gain: { mean: 0, sd: 0 }, higherIn: 0 });
    // Adapted samples whose embeddings carry no view at all: every repeat loses what the head on the samples had.
    const blank = s.map((x) => ({ ...x, features: new Float32Array(4).fill(0.5) }));
    const worse = await teachTrials(s, CLASSES, { k: 1, repeats: 10, seed: 1, clips: 'fewest', gateDim: 4 }, async () => blank);
    expect(worse.paired!.headAlone).toBe(same.taught.mean);
    expect(worse.paired!.gain.mean).toBeCloseTo(worse.taught.mean - same.taught.mean, 4);
    expect(worse.paired!.gain.mean).toBeLessThan(0);
    expect(worse.paired!.higherIn).toBe(0);
    expect((await teachTrials(s, CLASSES, { k: 1, repeats: 10, seed: 1, clips: 'fewest', gateDim: 4 })).paired).toBeUndefined();
  });

  it('computes each file\'s outputs once, however many repeats follow', async () => {
    const calls: string[] = [];
    const rows = ['a', 'b', 'c', 'd'].map((p, i) => ({ path: p, view: i < 2 ? 'plax' : 'psax', clip: p, source: null }));
    const s = await collectSamples(rows, 'x.csv', async (path) => {
      calls.push(path);
      return { n: 2, features: new Float32Array(2 * 4).fill(0.5), probs: new Float32Array(2 * 4).fill(0.25) };
    });
    await teachTrials(s, CLASSES.concat('psax-mid'), { k: 1, repeats: 20, seed: 1, clips: 'fewest', gateDim: 4 });
    expect(calls).toEqual(['a', 'b', 'c', 'd']);
    expect(s.filter((x) => x.truth === 'psax').every((x) => x.teachAs === 'psax-mid')).toBe(true);
  });

  it('refuses to teach a label that names several views with one line', async () => {
    const rows = [{ path: 'a', view: 'doppler', clip: 'a', source: null }];
    await expect(collectSamples(rows, 'x.csv', async () => ({ n: 0, features: new Float32Array(), probs: new Float32Array() })))
      .rejects.toThrow(/^x\.csv: line 2: label 'doppler' names several views \(pw, cw\); label the frames with one of them to teach them$/);
  });
});
