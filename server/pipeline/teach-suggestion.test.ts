import { describe, expect, it } from 'vitest';
import { TeachSuggestion } from './teach-suggestion.js';

/** Feed `seconds` of frames at 30 fps from `from`; returns the last answer. */
function run(s: TeachSuggestion, from: number, seconds: number, o: { recognised?: boolean; image?: boolean; profiled?: boolean } = {}): boolean {
  let out = false;
  for (let i = 0; i <= seconds * 30; i++) out = s.update(from + i / 30, { recognised: false, image: true, profiled: false, ...o });
  return out;
}

describe('suggesting to teach a machine', () => {
  it('suggests once a real source has shown no recognised view for the set time, not before', () => {
    const s = new TeachSuggestion(60);
    expect(run(s, 0, 59)).toBe(false);
    expect(run(s, 59, 2)).toBe(true);
  });

  it('starts again from zero when a view is recognised, and never suggests with a profile applied', () => {
    const s = new TeachSuggestion(10);
    expect(run(s, 0, 11)).toBe(true);
    expect(run(s, 11, 0, { recognised: true })).toBe(false);
    expect(run(s, 11, 9)).toBe(false);
    const taught = new TeachSuggestion(10);
    expect(run(taught, 0, 30, { profiled: true })).toBe(false);
  });

  it('counts only time with an image, and a stalled source as at most a second', () => {
    const s = new TeachSuggestion(10);
    expect(run(s, 0, 5)).toBe(false);
    expect(run(s, 5, 60, { image: false })).toBe(false); // probe off the patient for a minute
    expect(s.update(600, { recognised: false, image: true, profiled: false })).toBe(false); // a 9-minute gap counts 1 s
    expect(run(s, 600, 4.5)).toBe(true);
  });

  it('never suggests when switched off (0 s, as for the phantom, which the model knows)', () => {
    expect(run(new TeachSuggestion(0), 0, 120)).toBe(false);
  });
});
