/**
 * Turning per-frame smoother outputs into a timeline of segments and one clip-level answer. Pure.
 */
import type { TemporalOutput } from './temporal.js';

export interface Segment {
  /** Seconds from the clip start. */
  start: number;
  end: number;
  view: string | null;
  /** Mean smoothed belief over the segment. */
  confidence: number;
}

export interface ClipSummary {
  view: string | null;
  confidence: number;
  timeline: Segment[];
}

/**
 * @param outs smoother output per frame with its media time (s)
 * @param frameDuration seconds one frame lasts (1/fps), added to the last frame's end
 */
export function summarise(outs: Array<{ time: number; out: Pick<TemporalOutput, 'view' | 'confidence'> }>, frameDuration: number): ClipSummary {
  const timeline: Segment[] = [];
  let sum = 0, n = 0;
  for (const { time, out } of outs) {
    const last = timeline[timeline.length - 1];
    if (last && last.view === out.view) {
      last.end = time + frameDuration;
      sum += out.confidence;
      n++;
      last.confidence = sum / n;
    } else {
      timeline.push({ start: time, end: time + frameDuration, view: out.view, confidence: out.confidence });
      sum = out.confidence;
      n = 1;
    }
  }
  // The clip's view: the stable view held longest in total.
  const held = new Map<string, { t: number; c: number }>();
  for (const s of timeline) {
    if (s.view === null) continue;
    const h = held.get(s.view) ?? { t: 0, c: 0 };
    h.c += s.confidence * (s.end - s.start);
    h.t += s.end - s.start;
    held.set(s.view, h);
  }
  let view: string | null = null, best = 0, conf = 0;
  for (const [v, h] of held) if (h.t > best) [view, best, conf] = [v, h.t, h.c / h.t];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { view, confidence: round(conf), timeline: timeline.map((s) => ({ start: round(s.start), end: round(s.end), view: s.view, confidence: round(s.confidence) })) };
}
