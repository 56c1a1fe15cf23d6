/**
 * Scoring a view taken with the virtual probe, like a simulator: moves against the optimum, the pose error
 * when it was taken, the time, and whether help was on or the view was jumped to. Pure.
 */
import type { PracticeScore } from '../protocol.js';
import { REACHED } from '../pose.js';

/** Time that earns full marks for a view, and the time at which the time marks reach zero, seconds. */
export const PRACTICE_TIME_S = { full: 30, zero: 120 };

/** A leg's points (0-100): 60 x optimum/moves + 20 x accuracy + 20 x speed; halved with help; 0 when jumped. */
export function practicePoints(s: Omit<PracticeScore, 'points'>): number {
  if (s.jumped) return 0;
  const efficiency = s.moves > 0 ? Math.min(1, s.optimum / s.moves) : 1;
  const accuracy = 1 - Math.min(1, Math.max(s.mm / REACHED.mm, s.deg / REACHED.deg)) / 2;
  const speed = Math.max(0, Math.min(1, 1 - (s.seconds - PRACTICE_TIME_S.full) / (PRACTICE_TIME_S.zero - PRACTICE_TIME_S.full)));
  const points = 60 * efficiency + 20 * accuracy + 20 * speed;
  return Math.round(s.help ? points / 2 : points);
}
