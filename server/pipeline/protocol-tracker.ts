/**
 * A protocol session's checklist: each view's status, time to acquire, best confidence and dwell.
 * A view is done once held for `holdS` seconds in total, and stays done when the probe leaves it. On real
 * streams "held" means the smoother's stable view; with the virtual probe it means the view is reached (the
 * phantom's label and the pose error, pipeline/stream.ts), and each view is scored as a leg from the previous
 * completion (practice-score.ts). Pure (times come from the caller).
 */
import { PROTOCOLS, type ChecklistItem, type ProtocolName, type ProtocolProgress } from '../protocol.js';
import type { PoseError } from '../pose.js';
import type { ViewId } from '../views.js';
import { practicePoints } from './practice-score.js';

/** What the virtual probe adds to a frame's observation. S: the probe state a leg starts from (opaque here). */
export interface PracticeObservation<S> {
  /** The view the probe has reached now (label and pose error), or null. */
  reached: ViewId | null;
  /** The pose error from the reached view's ideal pose. */
  error: PoseError | null;
  /** Moves since the stream started. */
  moves: number;
  help: boolean;
  /** Jumps to a view (the view list) since the stream started. */
  jumps: number;
  state: S;
}

interface Leg<S> {
  time: number;
  moves: number;
  jumps: number;
  state: S;
  help: boolean;
}

export class ProtocolTracker<S = unknown> {
  private readonly items: ChecklistItem[];
  private lastTime: number;
  private leg: Leg<S> | null = null;

  /**
   * @param protocol which checklist
   * @param startedAt session start, s (stream clock)
   * @param holdS held seconds that complete a view (default 1)
   * @param optimum for virtual-probe sessions: the fewest moves from a leg's start state to a view
   */
  constructor(readonly protocol: ProtocolName, readonly startedAt: number, private readonly holdS = 1, private readonly optimum?: (from: S, view: ViewId) => number) {
    this.items = PROTOCOLS[protocol].map((view) => ({ view, status: 'pending', timeToAcquire: null, bestConfidence: 0, dwell: 0 }));
    this.lastTime = startedAt;
  }

  /** Feed the smoother's result (and, with the virtual probe, the practice observation) at time t (s). */
  update(time: number, stableView: ViewId | null, candidate: string, confidence: number, practice?: PracticeObservation<S>): void {
    const dt = Math.max(0, Math.min(1, time - this.lastTime));
    this.lastTime = time;
    const held = practice ? practice.reached : stableView;
    if (practice) {
      this.leg ??= { time, moves: practice.moves, jumps: practice.jumps, state: practice.state, help: false };
      this.leg.help ||= practice.help;
    }
    for (const it of this.items) {
      if (it.view === held) {
        it.dwell += dt;
        it.bestConfidence = Math.max(it.bestConfidence, Math.round(confidence * 1000) / 1000);
        if (it.status !== 'done') it.status = it.dwell >= this.holdS ? 'done' : 'acquiring';
        if (it.status === 'done' && it.timeToAcquire === null) {
          it.timeToAcquire = Math.round((time - this.startedAt) * 100) / 100;
          if (practice && this.leg) this.scoreLeg(it, time, practice);
        }
      } else if (it.status === 'acquiring' && it.view !== (practice ? held : candidate)) {
        it.status = 'pending';
        it.dwell = practice ? 0 : it.dwell;
      }
    }
  }

  private scoreLeg(it: ChecklistItem, time: number, p: PracticeObservation<S>): void {
    const leg = this.leg!;
    const base = {
      seconds: Math.round((time - leg.time) * 10) / 10, moves: p.moves - leg.moves,
      optimum: this.optimum ? this.optimum(leg.state, it.view) : 0, mm: p.error?.mm ?? 0, deg: p.error?.deg ?? 0,
      help: leg.help, jumped: p.jumps > leg.jumps,
    };
    it.practice = { ...base, points: practicePoints(base) };
    this.leg = { time, moves: p.moves, jumps: p.jumps, state: p.state, help: p.help };
  }

  /**
   * The checklist now. Score: with the virtual probe, the mean of the views' points (views not done score 0);
   * otherwise 100 per cent for all views, less for time (minus 1 point per 10 s over 30 s a view).
   */
  progress(): ProtocolProgress {
    const done = this.items.filter((i) => i.status === 'done');
    const total = this.items.length;
    const elapsed = Math.round((this.lastTime - this.startedAt) * 100) / 100;
    let score: number;
    if (this.optimum) score = Math.round(this.items.reduce((a, i) => a + (i.practice?.points ?? 0), 0) / total);
    else {
      const slow = done.reduce((a, i) => a + Math.max(0, (i.timeToAcquire ?? 0) - 30 * (this.items.indexOf(i) + 1)), 0);
      score = Math.max(0, Math.round((100 * done.length) / total - slow / 10));
    }
    const next = this.items.find((i) => i.status !== 'done')?.view ?? null;
    return {
      protocol: this.protocol, startedAt: this.startedAt, elapsed, items: this.items.map((i) => ({ ...i, dwell: Math.round(i.dwell * 100) / 100 })),
      done: done.length, total, next, complete: done.length === total, score,
    };
  }
}
