/**
 * The view timeline of the last minute: segments placed on a time axis ending now, the legend (the views
 * seen, longest first) and the axis ticks. Pure.
 */
import { viewColour } from './colours.js';
import { className } from './names.js';

/** One state's view as the connection records it (a minute of them per stream). */
export interface HistoryPoint {
  /** Epoch ms when the state arrived. */
  t: number;
  view: string | null;
  temporal: string;
}

/** The span the timeline shows, ms. */
export const TIMELINE_MS = 60_000;

export interface Segment {
  /** Percent of the strip's width from its left edge (TIMELINE_MS ago). */
  left: number;
  width: number;
  colour: string;
  view: string | null;
}

export interface LegendEntry {
  view: string | null;
  name: string;
  colour: string;
  /** Seconds in the window. */
  seconds: number;
}

export interface Timeline {
  segments: Segment[];
  legend: LegendEntry[];
  /** Tick positions (percent) with their labels, oldest first. */
  ticks: Array<{ at: number; label: string }>;
}

export function timeline(history: HistoryPoint[], now: number, names: Record<string, string>, spanMs = TIMELINE_MS): Timeline {
  const start = now - spanMs;
  const segments: Segment[] = [];
  const totals = new Map<string | null, number>();
  history.forEach((p, i) => {
    const from = Math.max(p.t, start), to = Math.min(history[i + 1]?.t ?? now, now);
    if (to <= from) return;
    const last = segments[segments.length - 1];
    const left = ((from - start) / spanMs) * 100, width = ((to - from) / spanMs) * 100;
    if (last && last.view === p.view && Math.abs(last.left + last.width - left) < 1e-9) last.width += width;
    else segments.push({ left, width, colour: viewColour(p.view), view: p.view });
    totals.set(p.view, (totals.get(p.view) ?? 0) + (to - from));
  });
  const legend = [...totals].sort((a, b) => b[1] - a[1]).map(([view, ms]) => ({ view, name: className(view, names), colour: viewColour(view), seconds: ms / 1000 }));
  const s = spanMs / 1000;
  const ticks = [0, 0.5, 1].map((f) => ({ at: f * 100, label: f === 1 ? 'now' : f === 0 ? `${Math.round(s)} s ago` : `${Math.round(s * (1 - f))} s` }));
  return { segments, legend, ticks };
}
