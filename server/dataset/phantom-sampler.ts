/**
 * Training frames from the phantom. Each subject (one seed: anatomy, heart rate, machine preset, imaging)
 * gives a batch of frames: standard views held with hand jitter, transitional poses moved well off a view
 * (labelled by the pose, so usually none), off-body frames and blank screens (none). Frames go through the
 * live path's preprocessing: grey, sector detection, then a crop with a margin around the sector (margin.ts).
 * Every frame carries its image-quality targets (server/pose.ts: the pose's score against the view it was
 * taken at or moved off, and the depth's). With `degrade` > 0 that share of the 2D frames is moved part-way off
 * its view and, independently, that share is imaged too deep, drawn from a second random stream so that the
 * frames of a set without degradations stay byte for byte what they were (with them, the other frames keep
 * their poses and labels; their speckle noise differs, as the renderers' noise streams advance differently).
 */
import { Phantom } from '../phantom/phantom.js';
import { Rng } from '../phantom/rng.js';
import { movePose } from '../phantom/probe.js';
import { detectSector } from '../capture/sector.js';
import { rgbToGrey } from '../frames.js';
import { type MarginLayout, marginCrop } from './margin.js';
import { PLANE_VIEWS, VIEW_IDS, type ViewId } from '../views.js';
import type { ProbeState } from '../phantom/phantom.js';
import { depthScore, poseError, poseScore } from '../pose.js';
import { viewScript } from '../phantom/tour.js';

/**
 * The phantom's version, recorded in every dataset it renders. 2 (2026-11-29): the RV a full chamber wide, larger
 * atria opening onto the valves, and the four- and five-chamber views centred on the crux, as real screens show them.
 * 3: both short axes no longer mirrored (the RV crescent upper left) and the orientation dot on the marker side.
 * 4: the subcostal window below the xiphoid, its four-chamber view through the RV with the heart lying across.
 */
export const PHANTOM_VERSION = '4';
/** Screen sizes a subject's "capture card" uses (4:3 and 16:9). */
const SCREENS: Array<[number, number]> = [[320, 240], [400, 300], [480, 360], [426, 240], [480, 270], [512, 384]];
export const MIX = { standard: 0.72, transitional: 0.22, offBody: 0.03, blank: 0.03 };

/** Image quality 0-100 of a 2D frame: [score, off-axis part, position part]; null for Doppler and M-mode. */
export type QualityTarget = [number, number, number] | null;

export interface SampledFrame {
  frame: Uint8Array;
  label: ViewId | null;
  kind: keyof typeof MIX;
  time: number;
  quality: QualityTarget;
  /** Depth past the preset's, cm (0 unless degraded). */
  extraDepthCm: number;
}

/** Depth added to a degraded frame, cm: from mildly to clearly too deep (DEPTH_REACH_CM in pose.ts counts 80). */
export const EXTRA_DEPTH_CM: [number, number] = [2, 10];
/** The largest part-way move of a degraded frame: cm and degrees, as fit for a sonographer searching near a view. */
const PART_WAY = { slide: 1.5, rotate: 25, tilt: 15, rock: 15 };

/** The quality targets of a 2D frame at `state` against the ideal pose of the view it was taken at or moved off. */
function qualityOf(state: ProbeState, ideal: ProbeState['pose'], extraDepthCm: number): QualityTarget {
  if (state.mode !== '2d') return null;
  const q = poseScore(poseError(state.pose, ideal));
  const r = (x: number) => Math.round(x * 10) / 10;
  return [r(Math.min(q.score, depthScore(extraDepthCm))), r(q.angle), r(q.position)];
}

/** The seed of subject i of a dataset with seed s (independent of how work is split across workers). */
export function subjectSeed(datasetSeed: number, i: number): number {
  return (Math.imul(datasetSeed + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77)) >>> 1;
}

function subjectPhantom(seed: number, layout: MarginLayout): { rng: Rng; ph: Phantom; preprocess: (rgb: Uint8Array, out: Uint8Array) => void } {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const [w, h] = rng.pick(SCREENS);
  const ph = new Phantom(seed, w, h);
  const grey = new Uint8Array(w * h);
  const preprocess = (rgb: Uint8Array, out: Uint8Array) => {
    const g = rgbToGrey(rgb, w, h, grey);
    marginCrop(g, detectSector(g), layout, out);
  };
  return { rng, ph, preprocess };
}

/** A steady clip of one view at `fps` (for clip-level evaluation through the temporal smoother), frames in `layout`. */
export function sampleClip(seed: number, view: ViewId, count: number, fps: number, layout: MarginLayout): SampledFrame[] {
  const { rng, ph, preprocess } = subjectPhantom(seed, layout);
  const script = viewScript(ph, view);
  const ideal = ph.canonical(view).pose;
  const t0 = rng.range(0, 20);
  return Array.from({ length: count }, (_, k) => {
    const time = t0 + k / fps;
    const state = script(time);
    const f = ph.frame(state, time);
    const frame = new Uint8Array(layout.width * layout.height);
    preprocess(f.rgb, frame);
    return { frame, label: f.label, kind: 'standard' as const, time, quality: qualityOf(state, ideal, 0), extraDepthCm: 0 };
  });
}

/** `count` random frames of one subject (the mix above), frames in `layout`; `degrade` as in the header. */
export function sampleSubject(seed: number, count: number, layout: MarginLayout, degrade = 0): SampledFrame[] {
  const { rng, ph, preprocess } = subjectPhantom(seed, layout);
  const extra = new Rng(seed ^ 0x2545f491);
  const out: SampledFrame[] = [];
  for (let k = 0; k < count; k++) {
    const time = rng.range(0, 20);
    const u = rng.next();
    const kind: keyof typeof MIX = u < MIX.standard ? 'standard' : u < MIX.standard + MIX.transitional ? 'transitional' : u < 1 - MIX.blank ? 'offBody' : 'blank';
    const frame = new Uint8Array(layout.width * layout.height);
    if (kind === 'blank') {
      // A blank screen or one with only the machine's chrome: the crop falls back to the whole frame.
      out.push({ frame: frame.fill(rng.int(0, 6)), label: null, kind, time, quality: [0, 0, 0], extraDepthCm: 0 });
      continue;
    }
    let state: ProbeState;
    let ideal: ProbeState['pose'];
    if (kind === 'standard') {
      const c = ph.canonical(rng.pick(VIEW_IDS));
      ideal = c.pose;
      state = { pose: ph.jitter(c.pose, time), mode: c.mode };
    } else if (kind === 'transitional') {
      ideal = ph.canonical(rng.pick(PLANE_VIEWS)).pose;
      const sign = () => (rng.next() < 0.5 ? -1 : 1);
      const big = rng.int(0, 4);
      state = {
        mode: '2d',
        pose: movePose(ph.jitter(ideal, time), {
          slideLat: sign() * (big === 0 ? rng.range(1.6, 5) : rng.range(0, 0.8)),
          slideElev: sign() * (big === 0 ? rng.range(0, 3) : rng.range(0, 0.8)),
          rotate: sign() * (big === 1 ? rng.range(14, 80) : rng.range(0, 6)),
          tilt: sign() * (big === 2 ? rng.range(7, 30) : rng.range(0, 3)),
          rock: sign() * (big === 3 ? rng.range(8, 30) : rng.range(0, 3)),
        }),
      };
    } else {
      ideal = ph.canonical(rng.pick(PLANE_VIEWS)).pose;
      state = { mode: '2d', pose: { ...ideal, pos: [ideal.pos[0] + rng.range(25, 40), ideal.pos[1] + 20, ideal.pos[2]] } };
    }
    let extraDepthCm = 0;
    if (degrade > 0 && kind !== 'offBody' && state.mode === '2d') {
      if (kind === 'standard' && extra.next() < degrade) state = { ...state, pose: partWay(state.pose, extra) };
      if (extra.next() < degrade) extraDepthCm = extra.int(EXTRA_DEPTH_CM[0], EXTRA_DEPTH_CM[1] + 1);
    }
    if (extraDepthCm) state = { ...state, depthCm: ph.presetDepth(state.pose) + extraDepthCm };
    const f = ph.frame(state, time);
    preprocess(f.rgb, frame);
    // Off-body frames show no heart: quality 0 whatever the pose.
    const quality = kind === 'offBody' ? ([0, 0, 0] as QualityTarget) : qualityOf(state, ideal, extraDepthCm);
    out.push({ frame, label: f.label, kind, time, quality, extraDepthCm });
  }
  return out;
}

/** A pose moved part-way off a view, small moves more often than large ones (labelled by the pose as ever). */
function partWay(pose: ProbeState['pose'], rng: Rng): ProbeState['pose'] {
  const m = rng.next() ** 1.5;
  const sign = () => (rng.next() < 0.5 ? -1 : 1);
  return movePose(pose, {
    slideLat: sign() * m * rng.range(0, PART_WAY.slide), slideElev: sign() * m * rng.range(0, PART_WAY.slide),
    rotate: sign() * m * rng.range(0, PART_WAY.rotate), tilt: sign() * m * rng.range(0, PART_WAY.tilt), rock: sign() * m * rng.range(0, PART_WAY.rock),
  });
}
