import { describe, expect, it } from 'vitest';
import { ProtocolTracker } from './protocol-tracker.js';
import type { ViewId } from '../views.js';

function feed(t: ProtocolTracker, seq: Array<[ViewId | null, number]>, start = 0, fps = 10): number {
  let time = start;
  for (const [v, s] of seq) for (let i = 0; i < s * fps; i++, time += 1 / fps) t.update(time, v, v ?? 'none', 0.9);
  return time;
}

describe('protocol checklist', () => {
  it('ticks each view once held for a second, in any order, and completes the focused protocol', () => {
    const t = new ProtocolTracker('focused', 0);
    feed(t, [['a4c', 1.5], [null, 0.5], ['plax', 0.5]]);
    let p = t.progress();
    expect(p.items.find((i) => i.view === 'a4c')).toMatchObject({ status: 'done', bestConfidence: 0.9 });
    expect(p.items.find((i) => i.view === 'plax')!.status).toBe('acquiring');
    expect(p.next).toBe('plax');
    feed(t, [['plax', 1], ['psax-mid', 1.2], ['sub-4c', 1.2], ['sub-ivc', 1.2]], 3);
    p = t.progress();
    expect(p).toMatchObject({ done: 5, total: 5, complete: true, next: null });
    expect(p.score).toBe(100);
  });

  it('records time to acquire from the session start and the dwell', () => {
    const t = new ProtocolTracker('comprehensive', 100);
    feed(t, [[null, 2], ['plax', 3]], 100);
    const item = t.progress().items[0];
    expect(item.view).toBe('plax');
    expect(item.timeToAcquire).toBeGreaterThanOrEqual(2.9);
    expect(item.timeToAcquire).toBeLessThan(3.2);
    expect(item.dwell).toBeGreaterThan(2.8);
    expect(t.progress().total).toBe(14);
  });

  describe('with the virtual probe', () => {
    type S = { at: number };
    const obs = (reached: ViewId | null, moves: number, extra: Partial<{ help: boolean; jumps: number }> = {}) => ({
      reached, error: reached ? { mm: 2, beamDeg: 3, rotationDeg: 4, deg: 4 } : null, moves, help: false, jumps: 0, state: { at: moves }, ...extra,
    });
    const run = (t: ProtocolTracker<S>, from: number, seconds: number, o: ReturnType<typeof obs>) => {
      for (let i = 0; i <= seconds * 10; i++) t.update(from + i / 10, null, 'none', 0.5, o);
      return from + seconds;
    };

    it('scores each view as a leg from the previous completion: seconds, moves against the optimum, pose error', () => {
      const t = new ProtocolTracker<S>('focused', 0, 1, (from, view) => (view === 'plax' ? 10 - from.at : 20));
      let time = run(t, 0, 5, obs(null, 0));
      time = run(t, time, 1.2, obs('plax', 20));
      const plax = t.progress().items[0];
      expect(plax.status).toBe('done');
      expect(plax.practice).toMatchObject({ moves: 20, optimum: 10, mm: 2, deg: 4, help: false, jumped: false });
      expect(plax.practice!.seconds).toBeGreaterThan(5.9);
      expect(plax.practice!.points).toBe(Math.round(60 * 0.5 + 20 * 0.8 + 20));
      // Leaving the view does not untick it; the next leg starts at the completion.
      time = run(t, time, 3, obs(null, 25));
      time = run(t, time, 1.2, obs('psax-mid', 40));
      const p = t.progress();
      expect(p.items[0].status).toBe('done');
      expect(p.items[1].practice).toMatchObject({ moves: 20, optimum: 20 });
      expect(p.items[1].practice!.seconds).toBeLessThan(4.5);
      expect(p.score).toBe(Math.round((p.items[0].practice!.points + p.items[1].practice!.points) / 5));
    });

    it('marks a view reached by a jump and gives it nothing; help on halves the points', () => {
      const t = new ProtocolTracker<S>('focused', 0, 1, () => 10);
      let time = run(t, 0, 0.5, obs(null, 0));
      time = run(t, time, 1.2, obs('plax', 0, { jumps: 1 }));
      expect(t.progress().items[0].practice).toMatchObject({ jumped: true, points: 0 });
      time = run(t, time, 1.2, obs('psax-mid', 10, { help: true, jumps: 1 }));
      const psax = t.progress().items[1].practice!;
      expect(psax).toMatchObject({ jumped: false, help: true });
      expect(psax.points).toBe(Math.round((60 + 20 * 0.8 + 20) / 2));
    });
  });
});
