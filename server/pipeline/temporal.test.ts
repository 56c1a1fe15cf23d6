import { describe, expect, it } from 'vitest';
import { TemporalFilter } from './temporal.js';
import { temporalDefaults } from '../config/temporal.js';

const classes = ['a4c', 'a2c', 'plax', 'none'];
const probs = (top: string, p = 0.9) => classes.map((c) => (c === top ? p : (1 - p) / (classes.length - 1)));
const frame = (seed: number) => Uint8Array.from({ length: 100 }, (_, i) => 40 + ((i * 7 + seed * 13) % 90));

function run(f: TemporalFilter, seq: Array<[string, number]>, fps = 30, t0 = 0) {
  const outs = [];
  let t = t0, k = 0;
  for (const [top, seconds] of seq) for (let i = 0; i < seconds * fps; i++, t += 1 / fps) outs.push({ t, o: f.update(t, probs(top), frame(k++)) });
  return outs;
}

describe('temporal smoothing', () => {
  it('enters a view after a short dwell and holds it', () => {
    const outs = run(new TemporalFilter(classes, temporalDefaults), [['a4c', 2]]);
    const first = outs.find((x) => x.o.state === 'stable')!;
    expect(first.o.view).toBe('a4c');
    expect(first.t).toBeGreaterThanOrEqual(temporalDefaults.minDwell);
    expect(first.t).toBeLessThan(0.6);
    expect(outs.at(-1)!.o).toMatchObject({ state: 'stable', view: 'a4c' });
  });

  it('ignores single-frame flickers to another view', () => {
    const f = new TemporalFilter(classes, temporalDefaults);
    const seq: Array<[string, number]> = [['a4c', 1]];
    for (let i = 0; i < 10; i++) seq.push(['a2c', 1 / 30], ['a4c', 0.3]);
    const outs = run(f, seq);
    expect(outs.filter((x) => x.t > 1).every((x) => x.o.view === 'a4c')).toBe(true);
  });

  it('switches to a new view within half a second of a real change', () => {
    const outs = run(new TemporalFilter(classes, temporalDefaults), [['a4c', 2], ['a2c', 2]]);
    const at = outs.find((x) => x.t >= 2 && x.o.view === 'a2c')!;
    expect(at.t - 2).toBeLessThan(0.5);
  });

  it('reports unknown for the none class and acquiring while a candidate builds up', () => {
    const outs = run(new TemporalFilter(classes, temporalDefaults), [['none', 1], ['plax', 0.2]]);
    expect(outs[20].o.state).toBe('unknown');
    expect(outs.at(-1)!.o.state).toBe('acquiring');
    expect(outs.at(-1)!.o.candidate).toBe('plax');
  });

  it('says no image for a blank screen and for a frozen one after a second', () => {
    const f = new TemporalFilter(classes, temporalDefaults);
    expect(f.update(0, probs('a4c'), new Uint8Array(100)).state).toBe('no-image');
    const g = new TemporalFilter(classes, temporalDefaults);
    const still = frame(3);
    let last;
    for (let i = 0; i < 45; i++) last = { t: i / 30, o: g.update(i / 30, probs('a4c'), still) };
    expect(last!.o).toMatchObject({ state: 'no-image', reason: 'frozen' });
    const early = new TemporalFilter(classes, temporalDefaults);
    for (let i = 0; i < 20; i++) last = early.update(i / 30, probs('a4c'), still);
    expect(last).not.toMatchObject({ state: 'no-image' });
  });
});
