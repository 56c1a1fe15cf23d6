/**
 * Probe scripts over time: a steady clip of one view, or a tour that walks the probe through all 15 views
 * with transitions between them (the truth for every frame follows from the pose and mode).
 */
import { type ViewId } from '../views.js';
import { blendPose } from './probe.js';
import type { Phantom, ProbeState } from './phantom.js';

/** The tour's order: the comprehensive TTE with each mode taken from its base view. */
export const TOUR_ORDER: ViewId[] = [
  'plax', 'mmode', 'rv-inflow', 'psax-basal', 'psax-mid', 'a4c', 'pw', 'a5c', 'cw', 'a2c', 'a3c',
  'sub-4c', 'sub-ivc', 'sub-aorta', 'ssn-arch',
];

export interface TourSegment {
  view: ViewId;
  /** Steady dwell on the view, seconds from the clip start. */
  start: number;
  end: number;
}

/** A tour over `seconds`: equal segments, each starting with a transition from the previous view. */
export function tourSegments(seconds: number): { segments: TourSegment[]; transition: number } {
  const per = seconds / TOUR_ORDER.length;
  const transition = Math.min(1.5, per * 0.3);
  const segments = TOUR_ORDER.map((view, i) => ({ view, start: i * per + (i === 0 ? 0 : transition), end: (i + 1) * per }));
  return { segments, transition };
}

/** A probe script: the probe state at any time t (s). */
export type ProbeScript = (time: number) => ProbeState;

/** Holding one view steady (with hand jitter). */
export function viewScript(ph: Phantom, view: ViewId): ProbeScript {
  const c = ph.canonical(view);
  return (t) => ({ pose: ph.jitter(c.pose, t), mode: c.mode });
}

/** The tour: steady stretches on each view, blended poses in 2D between them. */
export function tourScript(ph: Phantom, seconds: number): ProbeScript {
  const { segments } = tourSegments(seconds);
  return (t) => {
    const i = segments.findIndex((s) => t < s.end);
    const seg = segments[i < 0 ? segments.length - 1 : i];
    const here = ph.canonical(seg.view);
    if (t >= seg.start || i <= 0) return { pose: ph.jitter(here.pose, t), mode: here.mode };
    const prev = ph.canonical(segments[i - 1].view);
    const prevEnd = segments[i - 1].end;
    const k = (t - prevEnd) / (seg.start - prevEnd);
    const eased = k * k * (3 - 2 * k);
    return { pose: ph.jitter(blendPose(prev.pose, here.pose, eased), t), mode: '2d' };
  };
}
