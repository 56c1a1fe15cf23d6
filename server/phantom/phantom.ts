/**
 * The phantom as a whole: one seed fixes the anatomy, heart rate, machine preset, imaging settings and
 * probe jitter; `frame(time, probe)` renders the screen a capture card would see and says its true label.
 */
import { type AnatomyParams, buildScene, landmarks } from './anatomy.js';
import { DEG, dot, madd, sub } from './vec.js';
import { cardiacState, type Timing } from './cardiac.js';
import { type Imaging, SectorRenderer } from './bmode.js';
import { type PlaneView, type Pose, labelForPose, movePose, poseDistance } from './probe.js';
import { Canvas } from './canvas.js';
import { type ScreenPreset, drawChrome, drawDepthScale, samplePreset } from './screen.js';
import { MmodeColumns, drawCursor, drawMmode, drawSpectrum, modeLayout } from './modes.js';
import { MODE_VIEWS, type ViewId } from '../views.js';
import type { Primitive } from './primitives.js';
import { type Look, applyLook, mirrorGrey, mirrors } from './look.js';
import type { Torso } from './torso.js';
import { phantomBody, torsoOf } from './body.js';
import { poseOfSkin, skinOfPose } from './skin.js';
import type { Cursor, SkinState } from '../pose.js';

export type ImagingMode = '2d' | 'pw' | 'cw' | 'mmode';
export type Window = 'parasternal' | 'apical' | 'subcostal' | 'suprasternal';

export const WINDOW_OF: Record<PlaneView, Window> = {
  plax: 'parasternal', 'rv-inflow': 'parasternal', 'psax-basal': 'parasternal', 'psax-mid': 'parasternal',
  a4c: 'apical', a5c: 'apical', a2c: 'apical', a3c: 'apical',
  'sub-4c': 'subcostal', 'sub-ivc': 'subcostal', 'sub-aorta': 'subcostal', 'ssn-arch': 'suprasternal',
};
/** Depth range per window, cm (views.md). */
const DEPTH: Record<Window, [number, number]> = {
  parasternal: [14, 16], apical: [16, 18], subcostal: [18, 20], suprasternal: [12, 14],
};

/** What a probe is doing at one moment: a pose and the machine's mode. */
export interface ProbeState {
  pose: Pose;
  mode: ImagingMode;
  /** The M-mode or Doppler cursor the sonographer placed; unset: the machine's default placement. */
  cursor?: Cursor;
  /** The machine's depth setting, cm (a sonographer can turn it up past the view's need); unset: this subject's preset for the window. */
  depthCm?: number;
}

/** How close a placed cursor must be to its structure: degrees, and cm for the PW gate. */
export const CURSOR_TOLERANCE = { deg: 3, cm: 1 };

export interface PhantomFrame {
  rgb: Uint8Array;
  /** The true label: the mode for PW/CW/M-mode, the pose's view for 2D, or null (transitional). */
  label: ViewId | null;
}

export class Phantom {
  readonly anatomy: AnatomyParams;
  readonly timing: Timing;
  readonly preset: ScreenPreset;
  readonly poses: Record<PlaneView, Pose>;
  readonly canvas: Canvas;
  private readonly imagingBase: Omit<Imaging, 'depthCm' | 'shadows'>;
  private readonly depthByWindow: Record<Window, number>;
  private readonly shadowsByWindow: Record<Window, Imaging['shadows']>;
  private readonly renderers = new Map<string, SectorRenderer>();
  private readonly mmode = new Map<number, MmodeColumns>();
  private readonly jitterPhases: number[];
  private readonly jitterScale: number;
  private readonly seed: number;
  private torsoCache: Torso | null = null;
  private readonly idealCache = new Map<PlaneView, SkinState>();

  /**
   * @param seed fixes every random choice (same seed, same bytes)
   * @param width screen width, px
   * @param height screen height, px
   * @param look the machine look (look.ts; default `standard`, the look the shipped model was trained on)
   */
  constructor(seed: number, readonly width: number, readonly height: number, readonly look: Look = 'standard') {
    this.seed = seed;
    const body = phantomBody(seed);
    const rng = body.rest;
    this.anatomy = body.anatomy;
    this.timing = body.timing;
    this.preset = samplePreset(rng.fork(3));
    const im = rng.fork(4);
    const freq = im.range(0, 1); // 0 = low frequency (coarse speckle), 1 = high
    this.imagingBase = {
      widthDeg: im.range(70, 90),
      gainDb: im.range(-5, 5),
      dynamicRangeDb: im.range(45, 65),
      tgcResidualDbPerCm: im.range(-0.3, 1.2),
      noise: im.range(0.0005, 0.004),
      speckleLateral: 2.4 - 1.2 * freq,
      speckleAxial: 1.3 - 0.5 * freq,
      clutter: im.range(0.005, 0.04),
      haze: im.range(0.001, 0.006),
      texture: { phases: Array.from({ length: 9 }, () => im.range(0, 2 * Math.PI)), warpCm: im.range(0.12, 0.3), hetero: im.range(0.25, 0.6) },
    };
    const windows: Window[] = ['parasternal', 'apical', 'subcostal', 'suprasternal'];
    this.depthByWindow = Object.fromEntries(windows.map((w) => [w, Math.round(im.range(...DEPTH[w]))])) as Record<Window, number>;
    this.shadowsByWindow = Object.fromEntries(
      windows.map((w) => {
        const n = w === 'subcostal' ? 0 : im.int(0, 3);
        const half = this.imagingBase.widthDeg / 2;
        return [w, Array.from({ length: n }, () => [im.pick([-1, 1]) * im.range(half * 0.7, half), im.range(4, 10), im.range(1, 3)])];
      }),
    ) as Record<Window, Imaging['shadows']>;
    this.poses = body.poses;
    const j = rng.fork(5);
    this.jitterPhases = Array.from({ length: 10 }, () => j.range(0, 2 * Math.PI));
    this.jitterScale = j.range(0.3, 1);
    this.canvas = new Canvas(width, height);
  }

  /** The skin the probe slides on, fitted through this anatomy's windows (built on first use). */
  get torso(): Torso {
    this.torsoCache ??= torsoOf(this.poses);
    return this.torsoCache;
  }

  /** A view's ideal probe state on the skin: the one whose pose is the view's canonical pose. */
  idealSkin(view: PlaneView): SkinState {
    let st = this.idealCache.get(view);
    if (!st) this.idealCache.set(view, (st = skinOfPose(this.torso, this.poses[view])));
    return st;
  }

  /** The imaging pose of a probe state on the skin. */
  skinPose(st: SkinState): Pose {
    return poseOfSkin(this.torso, st);
  }

  /** The window a pose is nearest to (by transducer position), which sets depth and shadows. */
  windowOf(pose: Pose): Window {
    let best: PlaneView = 'plax';
    let bestD = Infinity;
    for (const [v, q] of Object.entries(this.poses) as Array<[PlaneView, Pose]>) {
      const d = poseDistance(pose, q).positionCm;
      if (d < bestD) [best, bestD] = [v, d];
    }
    return WINDOW_OF[best];
  }

  /** Hand-held probe wobble at time t: small enough to stay inside the label tolerance. */
  jitter(pose: Pose, time: number): Pose {
    const p = this.jitterPhases, k = this.jitterScale;
    const w = (i: number, f: number) => Math.sin(2 * Math.PI * f * time + p[i]) * 0.6 + Math.sin(2 * Math.PI * f * 2.3 * time + p[i + 5]) * 0.4;
    return movePose(pose, {
      slideLat: 0.3 * k * w(0, 0.21), slideElev: 0.3 * k * w(1, 0.17),
      rotate: 3 * k * w(2, 0.13), tilt: 1.6 * k * w(3, 0.19), rock: 1.6 * k * w(4, 0.23),
    });
  }

  /** The scene's primitives at time t (s). */
  scene(time: number): Primitive[] {
    return buildScene(this.anatomy, cardiacState(this.timing, time));
  }

  /** The depth this subject's preset uses for a pose's window, cm (within the window's range in views.md). */
  presetDepth(pose: Pose): number {
    return this.depthByWindow[this.windowOf(pose)];
  }

  private renderer(heightPx: number, window: Window, depthCm: number): SectorRenderer {
    const key = `${heightPx}/${window}/${depthCm}`;
    let r = this.renderers.get(key);
    if (!r) {
      const imaging: Imaging = { ...this.imagingBase, depthCm, shadows: this.shadowsByWindow[window] };
      // The speckle seed ignores the depth, so frames at the preset depth keep the bytes they had before depth could change.
      r = new SectorRenderer(heightPx, imaging, this.seed * 31 + heightPx + `${heightPx}/${window}`.length);
      this.renderers.set(key, r);
    }
    return r;
  }

  /** The true label of a probe state. */
  label(state: ProbeState): ViewId | null {
    return state.mode === '2d' ? labelForPose(this.poses, state.pose) : state.mode;
  }

  /**
   * Where a mode's cursor belongs on a pose: through the mitral leaflet tips (M-mode from PLAX, PW mitral
   * inflow from A4C, gate at the tips) or the aortic valve (CW from A5C).
   */
  cursorTarget(mode: 'pw' | 'cw' | 'mmode', pose: Pose): Cursor {
    const lm = landmarks(this.anatomy);
    const target = mode === 'cw' ? lm.aorticValve : madd(lm.mitral, this.anatomy.L, 1.2);
    const rel = sub(target, pose.pos);
    const d = dot(rel, pose.dir), l = dot(rel, pose.lat);
    return { angleDeg: Math.atan2(l, d) / DEG, gateCm: Math.hypot(d, l) };
  }

  /** Whether a cursor is on its structure (and, for PW, its gate at it). */
  cursorPlaced(mode: 'pw' | 'cw' | 'mmode', pose: Pose, c: Cursor): boolean {
    const t = this.cursorTarget(mode, pose);
    return Math.abs(c.angleDeg - t.angleDeg) <= CURSOR_TOLERANCE.deg && (mode !== 'pw' || Math.abs(c.gateCm - t.gateCm) <= CURSOR_TOLERANCE.cm);
  }

  /** The canonical probe state of any of the 15 views (modes sit on their 2D base view). */
  canonical(view: ViewId): ProbeState {
    if (view === 'pw' || view === 'cw' || view === 'mmode') return { pose: this.poses[MODE_VIEWS[view] as PlaneView], mode: view };
    return { pose: this.poses[view as PlaneView], mode: '2d' };
  }

  /** Render the screen for a probe state at time t (s). The returned buffer is reused by the next call. */
  frame(state: ProbeState, time: number): PhantomFrame {
    const cv = this.canvas;
    cv.clear();
    const { pose, mode } = state;
    const window = this.windowOf(pose);
    const cs = cardiacState(this.timing, time);
    const prims = buildScene(this.anatomy, cs);
    const specklePhase = 0.9 * cs.contraction + 0.15 * time + 0.4 * (pose.pos[0] + pose.pos[1] + pose.pos[2]);
    const H = this.height, W = this.width, p = this.preset;
    const depth = state.depthCm ?? this.depthByWindow[window];
    const mirror = mirrors(this.look);
    if (mode === '2d') {
      const r = this.renderer(Math.round(H * p.imageHeight), window, depth);
      const img = r.render(prims, pose, specklePhase);
      if (mirror) mirrorGrey(img, r.geom.width, r.geom.height);
      const x = Math.round(W * p.imageCx - r.geom.apexX), y = Math.round(H * p.imageTop);
      cv.blitGrey(img, r.geom.width, r.geom.height, x, y);
      drawDepthScale(cv, p, x + r.geom.width + 6, y, r.geom.pxPerCm, depth, x + r.geom.apexX + (mirror ? -0.2 : 0.2) * r.geom.width);
      drawChrome(cv, p, this.timing, time, [`D ${depth}CM`, `G ${Math.round(50 + this.imagingBase.gainDb * 3)}%`, `DR ${Math.round(this.imagingBase.dynamicRangeDb)}`, '2D']);
    } else {
      const r = this.renderer(Math.round(H * 0.3), window, depth);
      const img = r.render(prims, pose, specklePhase);
      if (mirror) mirrorGrey(img, r.geom.width, r.geom.height);
      const l = modeLayout(W, H, r.geom.width, p.imageCx, p.imageTop);
      cv.blitGrey(img, r.geom.width, r.geom.height, l.refX, l.refY);
      const gain = 10 ** (this.imagingBase.gainDb / 40);
      // A placed cursor is drawn where it was put (mirrored with the image); without one, the machine's default.
      const angle = state.cursor ? state.cursor.angleDeg * DEG : mode === 'mmode' ? 0.05 : 0.02;
      const drawn = mirror ? -angle : angle;
      if (mode === 'mmode') {
        drawCursor(cv, l, r.geom.apexX, r.geom.pxPerCm, drawn, depth, null);
        const rows = 160;
        let cols = this.mmode.get(rows);
        if (!cols) this.mmode.set(rows, (cols = new MmodeColumns(rows)));
        const c = cols;
        drawMmode(cv, l, time, (col, t) => c.column(col, t, (tt) => this.scene(tt), pose, angle, r), rows);
        drawChrome(cv, p, this.timing, time, [`D ${depth}CM`, 'M-MODE', 'SWEEP 75MM/S']);
      } else {
        const cw = mode === 'cw';
        drawCursor(cv, l, r.geom.apexX, r.geom.pxPerCm, drawn, depth, cw ? null : (state.cursor?.gateCm ?? depth * 0.62));
        const scale = cw ? (this.timing.aorticPeak > 2.5 ? 6 : 4) : 1;
        // A cursor off its valve hears little of the flow: the spectrum fades to noise level.
        const signal = state.cursor && !this.cursorPlaced(mode, pose, state.cursor) ? 0.12 : 1;
        drawSpectrum(cv, l, mode, this.timing, time, scale, cw ? 0.2 : 0.6, gain * signal);
        drawChrome(cv, p, this.timing, time, [cw ? 'CW' : 'PW', `SCALE ${scale} M/S`, cw ? 'AV' : 'MV INFLOW']);
      }
    }
    applyLook(cv.rgb, W, H, this.look);
    return { rgb: cv.rgb, label: this.label(state) };
  }
}
