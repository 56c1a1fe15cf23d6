/**
 * Training frames from the phantom. Each subject (one seed: anatomy, heart rate, machine preset, imaging)
 * gives a batch of frames: standard views held with hand jitter, transitional poses moved well off a view
 * (labelled by the pose, so usually none), off-body frames and blank screens (none). Frames go through the
 * live path's preprocessing: grey, sector detection, then a crop with a margin around the sector (margin.ts).
 */
import { Phantom } from '../phantom/phantom.js';
import { Rng } from '../phantom/rng.js';
import { movePose } from '../phantom/probe.js';
import { detectSector } from '../capture/sector.js';
import { rgbToGrey } from '../frames.js';
import { type MarginLayout, marginCrop } from './margin.js';
import { PLANE_VIEWS, VIEW_IDS, type ViewId } from '../views.js';
import type { ProbeState } from '../phantom/phantom.js';
import { viewScript } from '../phantom/tour.js';

export const PHANTOM_VERSION = '1';
/** Screen sizes a subject's "capture card" uses (4:3 and 16:9). */
const SCREENS: Array<[number, number]> = [[320, 240], [400, 300], [480, 360], [426, 240], [480, 270], [512, 384]];
export const MIX = { standard: 0.72, transitional: 0.22, offBody: 0.03, blank: 0.03 };

export interface SampledFrame {
  frame: Uint8Array;
  label: ViewId | null;
  kind: keyof typeof MIX;
  time: number;
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
  const t0 = rng.range(0, 20);
  return Array.from({ length: count }, (_, k) => {
    const time = t0 + k / fps;
    const f = ph.frame(script(time), time);
    const frame = new Uint8Array(layout.width * layout.height);
    preprocess(f.rgb, frame);
    return { frame, label: f.label, kind: 'standard' as const, time };
  });
}

/** `count` random frames of one subject (the mix above), frames in `layout`. */
export function sampleSubject(seed: number, count: number, layout: MarginLayout): SampledFrame[] {
  const { rng, ph, preprocess } = subjectPhantom(seed, layout);
  const out: SampledFrame[] = [];
  for (let k = 0; k < count; k++) {
    const time = rng.range(0, 20);
    const u = rng.next();
    const kind: keyof typeof MIX = u < MIX.standard ? 'standard' : u < MIX.standard + MIX.transitional ? 'transitional' : u < 1 - MIX.blank ? 'offBody' : 'blank';
    const frame = new Uint8Array(layout.width * layout.height);
    if (kind === 'blank') {
      // A blank screen or one with only the machine's chrome: the crop falls back to the whole frame.
      out.push({ frame: frame.fill(rng.int(0, 6)), label: null, kind, time });
      continue;
    }
    let state: ProbeState;
    if (kind === 'standard') {
      const c = ph.canonical(rng.pick(VIEW_IDS));
      state = { pose: ph.jitter(c.pose, time), mode: c.mode };
    } else if (kind === 'transitional') {
      const base = ph.canonical(rng.pick(PLANE_VIEWS)).pose;
      const sign = () => (rng.next() < 0.5 ? -1 : 1);
      const big = rng.int(0, 4);
      state = {
        mode: '2d',
        pose: movePose(ph.jitter(base, time), {
          slideLat: sign() * (big === 0 ? rng.range(1.6, 5) : rng.range(0, 0.8)),
          slideElev: sign() * (big === 0 ? rng.range(0, 3) : rng.range(0, 0.8)),
          rotate: sign() * (big === 1 ? rng.range(14, 80) : rng.range(0, 6)),
          tilt: sign() * (big === 2 ? rng.range(7, 30) : rng.range(0, 3)),
          rock: sign() * (big === 3 ? rng.range(8, 30) : rng.range(0, 3)),
        }),
      };
    } else {
      const base = ph.canonical(rng.pick(PLANE_VIEWS)).pose;
      state = { mode: '2d', pose: { ...base, pos: [base.pos[0] + rng.range(25, 40), base.pos[1] + 20, base.pos[2]] } };
    }
    const f = ph.frame(state, time);
    preprocess(f.rgb, frame);
    out.push({ frame, label: f.label, kind, time });
  }
  return out;
}
