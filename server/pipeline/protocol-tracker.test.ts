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
});
