import { describe, expect, it } from 'vitest';
import { UnfamiliarTracker, frameScore, isUnfamiliar, judgeFrame, oodScore } from './unfamiliar.js';
import { TemporalFilter } from './temporal.js';
import { temporalDefaults } from '../config/temporal.js';

/** Probabilities, unread by the rules. */
const probs = new Float32Array(4);

const cfg = { unfamiliarTau: 0.5, unfamiliarEnter: 0.6, unfamiliarExit: 0.3 };

/** Feed `verdict(t)` at 30 frames/s from t0 to t1 s; returns the last flag. */
function feed(t: UnfamiliarTracker, t0: number, t1: number, verdict: (i: number) => boolean): boolean {
  let flag = false;
  for (let i = 0; t0 + i / 30 < t1; i++) flag = t.update(t0 + i / 30, verdict(i));
  return flag;
}

describe('out-of-distribution score', () => {
  it('scores energy as -logsumexp of the logits and max-logit as the largest', () => {
    expect(oodScore('energy', [0, 0])).toBeCloseTo(-Math.log(2), 6);
    expect(oodScore('energy', [1000, 0])).toBeCloseTo(-1000, 6); // no overflow
    expect(oodScore('max-logit', [1, 5, 2])).toBe(5);
    expect(oodScore('max-logit', [9, 1, 5, 2], 1, 3)).toBe(5);
  });

  it('calls a frame unfamiliar on the rule\'s side of its threshold, and gives no verdict without a rule', () => {
    expect(isUnfamiliar({ score: 'energy', threshold: -5, direction: 'above' }, -4)).toBe(true);
    expect(isUnfamiliar({ score: 'energy', threshold: -5, direction: 'above' }, -6)).toBe(false);
    expect(isUnfamiliar({ score: 'max-logit', threshold: 3, direction: 'below' }, 2)).toBe(true);
    // Frame 1 of a batch of 2: logits [1, 2].
    expect(judgeFrame({ score: 'max-logit', threshold: 3, direction: 'below' }, { probs, logits: Float32Array.of(0, 8, 1, 2) }, 1, 2)).toBe(true);
    expect(judgeFrame({ score: 'max-logit', threshold: 3, direction: 'below' }, { probs, logits: Float32Array.of(0, 8, 1, 2) }, 0, 2)).toBe(false);
    expect(judgeFrame(null, { probs, logits: Float32Array.of(0, 8) })).toBeUndefined();
    expect(judgeFrame({ score: 'energy', threshold: 0, direction: 'above' }, { probs })).toBeUndefined();
  });

  it('scores the embedding rule as weights . embedding + bias, frame by frame, and needs the embedding', () => {
    const rule = { score: 'embedding-logit', weights: [2, -1, 0.5], bias: -0.25, threshold: 0, direction: 'above' } as const;
    const embedding = Float32Array.of(1, 0, 0, 0, 1, 0); // two frames of three values
    expect(frameScore(rule, { probs, embedding }, 0, 2)).toBeCloseTo(1.75, 9);
    expect(frameScore(rule, { probs, embedding }, 1, 2)).toBeCloseTo(-1.25, 9);
    expect(judgeFrame(rule, { probs, embedding }, 0, 2)).toBe(true);
    expect(judgeFrame(rule, { probs, embedding }, 1, 2)).toBe(false);
    expect(judgeFrame(rule, { probs, logits: Float32Array.of(0, 1) })).toBeUndefined();
  });

  it('calls a frame like the ones taught on this machine familiar whatever the rule says, and no other', () => {
    const rule = { score: 'energy', threshold: -100, direction: 'above' } as const; // flags every frame
    const logits = Float32Array.of(0, 1, 0, 1);
    expect(judgeFrame(rule, { probs, logits, taught: Float32Array.of(0.5, 0.49) }, 0, 2)).toBe(false);
    expect(judgeFrame(rule, { probs, logits, taught: Float32Array.of(0.5, 0.49) }, 1, 2)).toBe(true);
    expect(judgeFrame(null, { probs, logits, taught: Float32Array.of(1) })).toBeUndefined();
  });
});

describe('unfamiliar image state', () => {
  it('rises after about half a second of unfamiliar frames', () => {
    const t = new UnfamiliarTracker(cfg);
    expect(feed(t, 0, 0.3, () => true)).toBe(false);
    expect(feed(t, 0.3, 0.6, () => true)).toBe(true);
  });

  it('never rises for scattered unfamiliar frames (one in five)', () => {
    expect(feed(new UnfamiliarTracker(cfg), 0, 10, (i) => i % 5 === 0)).toBe(false);
  });

  it('holds through a short familiar stretch and drops after a longer one (hysteresis)', () => {
    const t = new UnfamiliarTracker(cfg);
    feed(t, 0, 2, () => true);
    expect(feed(t, 2, 2.2, () => false)).toBe(true);
    expect(feed(t, 2.2, 3, () => false)).toBe(false);
  });

  it('makes the smoother report unknown with no view while the image is unfamiliar, and forgets it on a blank', () => {
    const f = new TemporalFilter(['a4c', 'none'], temporalDefaults);
    const frame = new Uint8Array(64).map((_, i) => (i * 37) % 200);
    let out = f.update(0, [0.99, 0.01], frame, false);
    for (let i = 1; i < 30; i++) out = f.update(i / 30, [0.99, 0.01], frame.map((v) => v ^ i), false);
    expect(out).toMatchObject({ state: 'stable', view: 'a4c', unfamiliar: false });
    for (let i = 30; i < 60; i++) out = f.update(i / 30, [0.99, 0.01], frame.map((v) => v ^ i), true);
    expect(out).toMatchObject({ state: 'unknown', view: null, unfamiliar: true });
    out = f.update(2.1, [0.99, 0.01], new Uint8Array(64), true);
    expect(out).toMatchObject({ state: 'no-image', unfamiliar: false });
  });

  it('keeps the flag false when the model has no ood rule', () => {
    const f = new TemporalFilter(['a4c', 'none'], temporalDefaults);
    expect(f.update(0, [0.5, 0.5]).unfamiliar).toBe(false);
  });
});
