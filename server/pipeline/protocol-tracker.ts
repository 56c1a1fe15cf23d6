/**
 * A protocol session's checklist: each view's status, time to acquire, best confidence and dwell.
 * A view is done once held stably for `holdS` seconds in total. Pure (times come from the caller).
 */
import { PROTOCOLS, type ChecklistItem, type ProtocolName, type ProtocolProgress } from '../protocol.js';
import type { ViewId } from '../views.js';

export class ProtocolTracker {
  private readonly items: ChecklistItem[];
  private lastTime: number;

  /**
   * @param protocol which checklist
   * @param startedAt session start, s (stream clock)
   * @param holdS stable seconds that complete a view (default 1)
   */
  constructor(readonly protocol: ProtocolName, readonly startedAt: number, private readonly holdS = 1) {
    this.items = PROTOCOLS[protocol].map((view) => ({ view, status: 'pending', timeToAcquire: null, bestConfidence: 0, dwell: 0 }));
    this.lastTime = startedAt;
  }

  /** Feed the smoother's result at time t (s). */
  update(time: number, stableView: ViewId | null, candidate: string, confidence: number): void {
    const dt = Math.max(0, Math.min(1, time - this.lastTime));
    this.lastTime = time;
    for (const it of this.items) {
      if (it.view === stableView) {
        it.dwell += dt;
        it.bestConfidence = Math.max(it.bestConfidence, Math.round(confidence * 1000) / 1000);
        if (it.status !== 'done') it.status = it.dwell >= this.holdS ? 'done' : 'acquiring';
        if (it.status === 'done' && it.timeToAcquire === null) it.timeToAcquire = Math.round((time - this.startedAt) * 100) / 100;
      } else if (it.status === 'acquiring' && it.view !== candidate) {
        it.status = 'pending';
      }
    }
  }

  /** The checklist now. Score: 100 per cent for all views, less for time (minus 1 point per 10 s over 30 s a view). */
  progress(): ProtocolProgress {
    const done = this.items.filter((i) => i.status === 'done');
    const total = this.items.length;
    const elapsed = Math.round((this.lastTime - this.startedAt) * 100) / 100;
    const slow = done.reduce((a, i) => a + Math.max(0, (i.timeToAcquire ?? 0) - 30 * (this.items.indexOf(i) + 1)), 0);
    const score = Math.max(0, Math.round((100 * done.length) / total - slow / 10));
    const next = this.items.find((i) => i.status !== 'done')?.view ?? null;
    return {
      protocol: this.protocol, startedAt: this.startedAt, elapsed, items: this.items.map((i) => ({ ...i, dwell: Math.round(i.dwell * 100) / 100 })),
      done: done.length, total, next, complete: done.length === total, score,
    };
  }
}
