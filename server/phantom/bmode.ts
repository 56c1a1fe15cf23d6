/**
 * B-mode sector rendering: trace beams through the scene on a polar grid, multiply by correlated speckle,
 * apply attenuation with imperfect time-gain compensation, rib/lung shadows and near-field clutter,
 * log-compress, and scan-convert into a fan bitmap (apex at the top centre, black outside the fan).
 */
import type { Primitive } from './primitives.js';
import type { Pose } from './probe.js';
import { cullToPlane, traceBeam, type Texture } from './beam.js';
import { Rng } from './rng.js';

/** Acquisition settings of one "machine preset" plus the per-exam knobs. */
export interface Imaging {
  depthCm: number; // 12-20
  widthDeg: number; // 60-90
  gainDb: number; // overall gain, -6..+6
  dynamicRangeDb: number; // 45-65
  /** Residual attenuation after TGC, dB/cm (0 = perfect TGC). */
  tgcResidualDbPerCm: number;
  /** Electronic noise floor, amplitude. */
  noise: number;
  /** Lateral speckle size in beams (lower frequency probes: coarser). */
  speckleLateral: number;
  speckleAxial: number;
  /** Shadows: [centre angle deg, half-width deg, start depth cm]. */
  shadows: Array<[number, number, number]>;
  clutter: number;
  /** Diffuse haze (reverberation, side lobes) filling blood pools, amplitude. */
  haze: number;
  texture: Texture;
}

/** The fan's pixel geometry in its own bitmap. */
export interface FanGeometry {
  width: number;
  height: number;
  /** Apex x (px) and pixels per cm. */
  apexX: number;
  pxPerCm: number;
}

export function fanGeometry(heightPx: number, depthCm: number, widthDeg: number): FanGeometry {
  const pxPerCm = heightPx / depthCm;
  const half = (widthDeg / 2) * (Math.PI / 180);
  const width = Math.max(2, Math.round(2 * Math.sin(half) * heightPx)) & ~1;
  return { width, height: heightPx, apexX: width / 2, pxPerCm };
}

/** Complex Gaussian noise smoothed with a separable Gaussian (polar grid: beams x samples). */
function speckleField(rng: Rng, nb: number, ns: number, sigB: number, sigS: number): Float32Array {
  const raw = new Float32Array(nb * ns);
  for (let i = 0; i < raw.length; i++) raw[i] = rng.normal();
  const blur = (src: Float32Array, sig: number, alongBeams: boolean): Float32Array => {
    const rad = Math.max(1, Math.ceil(sig * 2));
    const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-(((i - rad) / sig) ** 2) / 2));
    const dst = new Float32Array(src.length);
    for (let b = 0; b < nb; b++)
      for (let s = 0; s < ns; s++) {
        let acc = 0;
        for (let j = -rad; j <= rad; j++) {
          const bb = alongBeams ? Math.min(nb - 1, Math.max(0, b + j)) : b;
          const ss = alongBeams ? s : Math.min(ns - 1, Math.max(0, s + j));
          acc += src[bb * ns + ss] * k[j + rad];
        }
        dst[b * ns + s] = acc;
      }
    return dst;
  };
  const out = blur(blur(raw, sigB, true), sigS, false);
  let sumsq = 0;
  for (let i = 0; i < out.length; i++) sumsq += out[i] * out[i];
  const norm = 1 / Math.sqrt((2 * sumsq) / out.length);
  for (let i = 0; i < out.length; i++) out[i] *= norm;
  return out;
}

export class SectorRenderer {
  readonly geom: FanGeometry;
  /** Coarse polar grid for tissue tracing. */
  private readonly nb: number;
  private readonly ns: number;
  private readonly echo: Float32Array;
  /** Per fan pixel: index into the bitmap, coarse grid position, fine speckle index, depth (cm). */
  private readonly pix: Int32Array;
  private readonly cIdx: Int32Array;
  private readonly cWb: Float32Array;
  private readonly cWs: Float32Array;
  private readonly fIdx: Int32Array;
  /** Per fan pixel: attenuation after TGC times overall gain, and the additive near-field clutter and haze. */
  private readonly pixGain: Float32Array;
  private readonly pixAdd: Float32Array;
  private readonly speckle: Float32Array[];
  private readonly noiseRng: Rng;
  readonly out: Uint8Array;

  /**
   * @param heightPx fan height in pixels (depth maps onto it)
   * @param imaging acquisition settings (fixed for the renderer's life)
   * @param seed speckle and noise seed
   */
  constructor(heightPx: number, readonly imaging: Imaging, seed: number) {
    const { depthCm, widthDeg } = imaging;
    this.geom = fanGeometry(heightPx, depthCm, widthDeg);
    const { width, height, apexX, pxPerCm } = this.geom;
    this.nb = Math.max(32, Math.min(128, Math.round(width / 4)));
    this.ns = Math.max(64, Math.min(256, Math.round(height / 2.5)));
    this.echo = new Float32Array(this.nb * this.ns);
    const rng = new Rng(seed);
    const nbF = Math.max(64, Math.round(width / 1.6));
    const nsF = Math.max(128, Math.round(height / 1.1));
    this.speckle = [0, 1, 2, 3].map(() => speckleField(rng, nbF, nsF, imaging.speckleLateral, imaging.speckleAxial));
    this.noiseRng = rng.fork(7);
    const half = (widthDeg / 2) * (Math.PI / 180);
    const pix: number[] = [], cIdx: number[] = [], cWb: number[] = [], cWs: number[] = [], fIdx: number[] = [], dg: number[] = [];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const px = (x + 0.5 - apexX) / pxPerCm;
        const py = (y + 0.5) / pxPerCm;
        const r = Math.hypot(px, py);
        const th = Math.atan2(px, py);
        if (r >= depthCm || Math.abs(th) >= half) continue;
        const bf = ((th + half) / (2 * half)) * (this.nb - 1);
        const sf = (r / depthCm) * this.ns - 0.5;
        const b0 = Math.min(this.nb - 2, Math.floor(bf));
        const s0 = Math.max(0, Math.min(this.ns - 2, Math.floor(sf)));
        pix.push(y * width + x);
        cIdx.push(b0 * this.ns + s0);
        cWb.push(bf - b0);
        cWs.push(Math.max(0, Math.min(1, sf - s0)));
        const bF = Math.min(nbF - 1, Math.round(((th + half) / (2 * half)) * (nbF - 1)));
        const sF = Math.min(nsF - 1, Math.floor((r / depthCm) * nsF));
        fIdx.push(bF * nsF + sF);
        dg.push(r);
      }
    this.pix = Int32Array.from(pix);
    this.cIdx = Int32Array.from(cIdx);
    this.cWb = Float32Array.from(cWb);
    this.cWs = Float32Array.from(cWs);
    this.fIdx = Int32Array.from(fIdx);
    const gain = 10 ** (imaging.gainDb / 20);
    this.pixGain = Float32Array.from(dg, (r) => gain * 10 ** ((-imaging.tgcResidualDbPerCm * r) / 20));
    this.pixAdd = Float32Array.from(dg, (r) => (r < 1.8 ? imaging.clutter * (1.8 - r) : 0) + imaging.haze * (1 - (0.6 * r) / depthCm));
    this.out = new Uint8Array(width * height);
  }

  /** Beam angle (radians) of coarse beam b. */
  private beamAngle(b: number): number {
    const half = (this.imaging.widthDeg / 2) * (Math.PI / 180);
    return -half + (2 * half * b) / (this.nb - 1);
  }

  /**
   * Render one frame into `this.out` (grey, 0 outside the fan) and return it.
   * @param specklePhase 0..2pi: moves the speckle between decorrelated patterns (tissue motion)
   */
  render(prims: Primitive[], pose: Pose, specklePhase: number): Uint8Array {
    const im = this.imaging;
    const cull = cullToPlane(prims, pose, im.depthCm);
    for (let b = 0; b < this.nb; b++) {
      traceBeam(cull, pose, this.beamAngle(b), im.depthCm, this.ns, this.echo, b * this.ns, im.texture);
      this.applyShadow(b);
    }
    this.blurLaterally();
    const [ar, ai, br, bi] = this.speckle;
    const c = Math.cos(specklePhase), s = Math.sin(specklePhase);
    const dr = im.dynamicRangeDb;
    const toDb = 20 / Math.LN10;
    const out = this.out;
    const echo = this.echo;
    const ns = this.ns;
    const noise = this.noiseRng;
    for (let i = 0; i < this.pix.length; i++) {
      const k = this.cIdx[i], wb = this.cWb[i], ws = this.cWs[i];
      const e =
        (echo[k] * (1 - ws) + echo[k + 1] * ws) * (1 - wb) + (echo[k + ns] * (1 - ws) + echo[k + ns + 1] * ws) * wb;
      const f = this.fIdx[i];
      const re = ar[f] * c + br[f] * s, imv = ai[f] * c + bi[f] * s;
      const a = (e + this.pixAdd[i]) * Math.sqrt(re * re + imv * imv) * this.pixGain[i] + im.noise * noise.next();
      const db = a > 1e-6 ? toDb * Math.log(a) : -120;
      const v = 240 + (db * 255) / dr; // 0 dB (pericardium) shows at 240
      out[this.pix[i]] = v < 1 ? 1 : v > 255 ? 255 : v; // 1, not 0: the fan stays distinct from the black screen
    }
    return out;
  }

  /** The beam widens with depth: average across 1 + 2 * (0.5 + 2 * depth fraction) beams (a running sum per depth). */
  private blurLaterally(): void {
    const { nb, ns, echo } = this;
    const row = new Float32Array(nb);
    for (let k = 0; k < ns; k++) {
      const rad = Math.round(0.5 + (2 * k) / ns);
      if (rad === 0) continue;
      for (let b = 0; b < nb; b++) row[b] = echo[b * ns + k];
      let acc = 0, n = 0;
      for (let b = 0; b < Math.min(nb, rad); b++) (acc += row[b]), n++;
      for (let b = 0; b < nb; b++) {
        if (b + rad < nb) (acc += row[b + rad]), n++;
        if (b - rad - 1 >= 0) (acc -= row[b - rad - 1]), n--;
        echo[b * ns + k] = acc / n;
      }
    }
  }

  /** Ribs and lung: beams within a shadow interval lose almost all echo beyond its start depth. */
  private applyShadow(b: number): void {
    const thDeg = (this.beamAngle(b) * 180) / Math.PI;
    for (const [centre, halfWidth, startCm] of this.imaging.shadows) {
      const d = Math.abs(thDeg - centre) / halfWidth;
      if (d >= 1) continue;
      const strength = 0.95 * (d < 0.7 ? 1 : (1 - d) / 0.3);
      const k0 = Math.floor((startCm / this.imaging.depthCm) * this.ns);
      for (let k = Math.max(0, k0); k < this.ns; k++) {
        const idx = b * this.ns + k;
        this.echo[idx] *= k === k0 ? 1 + 2 * strength : 1 - strength;
      }
    }
  }

  /** Coarse echo amplitudes along a beam (for M-mode lines), without speckle. */
  traceLine(prims: Primitive[], pose: Pose, thetaRad: number, n: number, out: Float32Array, offset = 0): void {
    traceBeam(cullToPlane(prims, pose, this.imaging.depthCm), pose, thetaRad, this.imaging.depthCm, n, out, offset, this.imaging.texture);
  }
}
