/**
 * Auto-capture on held-out phantom subjects: how close the captured clips lie to their view's ideal plane.
 * Each subject (seeds from 900000, the quality fit's held-out range) is scanned as a sonographer searches:
 * for every 2D view in a random order, four holds of 2.5-4 s moving closer to the view (offsets of about
 * 60-100%, 30-60% and 10-30% of up to 2.5 cm and 40 degrees, then the view itself with hand jitter only half of
 * the time, else within 15% of those), 0.7 s moves between holds and 1.5 s to the next view. Frames go through
 * the live pipeline's parts: sector crop, the model (with its quality output), temporal smoothing, the quality
 * meter and auto-capture, at several quality thresholds side by side. A capture counts as on the plane when the
 * mean pose error over its frames (as rendered, hand jitter included) is within 5 mm and 5 degrees.
 *   npm run eval:capture -- [--subjects 10] [--fps 15]
 */
import { Engine } from '../server/inference/engine.js';
import { Phantom } from '../server/phantom/phantom.js';
import { Rng } from '../server/phantom/rng.js';
import { blendPose, movePose, type Pose } from '../server/phantom/probe.js';
import { detectSector } from '../server/capture/sector.js';
import { cropScale } from '../server/capture/crop-scale.js';
import { rgbToGrey } from '../server/frames.js';
import { poseError } from '../server/pose.js';
import { PLANE_VIEWS, type ViewId } from '../server/views.js';
import { TemporalFilter } from '../server/pipeline/temporal.js';
import { QualityMeter } from '../server/pipeline/quality.js';
import { judgeFrame } from '../server/pipeline/unfamiliar.js';
import { AutoCapture } from '../server/pipeline/auto-capture.js';
import { temporalDefaults } from '../server/config/temporal.js';
import { autoCaptureDefaults } from '../server/config/auto-capture.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1 || v > 10_000) {
    console.error(`--${name}: expected a whole number 1-10000, got '${process.argv[i + 1] ?? ''}'`);
    process.exit(2);
  }
  return v;
}

const subjects = arg('subjects', 10);
const fps = arg('fps', 15);
const HELD_OUT_SEED = 900_000;
const THRESHOLDS = [70, 80, 90];
const TOL = { mm: 5, deg: 5 };
/** Clip frames stand for rendered frames; only their times matter here (each time's pose is kept aside). */
const NO_PIXELS = { data: new Uint8Array(1), width: 1, height: 1 };

const engine = await Engine.load({ model: 'models/echolive-view.onnx', device: 'cpu', threads: 1 });
if (!engine.card.outputs.quality) {
  console.error('models/echolive-view.onnx: the model has no quality output (npm run fit:quality)');
  process.exit(2);
}

interface Capture { threshold: number; seed: number; view: ViewId; mm: number; deg: number }
const captures: Capture[] = [];
const t0 = performance.now();
let frames = 0;

for (let s = 0; s < subjects; s++) {
  const seed = HELD_OUT_SEED + s;
  const ph = new Phantom(seed, 320, 240);
  const rng = new Rng(seed * 7 + 1);
  const filter = new TemporalFilter(engine.classes, temporalDefaults);
  const meter = new QualityMeter();
  const poses = new Map<number, Pose>();
  const source = {
    frames: (from: number, to: number) => [...poses.keys()].filter((t) => t >= from && t <= to).map((time) => ({ time, grey: NO_PIXELS })),
    thumb: () => null,
  };
  const acs = THRESHOLDS.map((minQuality) => new AutoCapture({ ...autoCaptureDefaults, minQuality, maxMiB: 4096 }, source, true));
  const sign = () => (rng.next() < 0.5 ? -1 : 1);
  const off = (pose: Pose, m: number) => movePose(pose, {
    slideLat: sign() * m * rng.range(0, 2.5), slideElev: sign() * m * rng.range(0, 2),
    rotate: sign() * m * rng.range(0, 40), tilt: sign() * m * rng.range(0, 25), rock: sign() * m * rng.range(0, 25),
  });
  // The script: [from, to, seconds] legs; a hold has from === to.
  const legs: Array<[Pose, Pose, number]> = [];
  let at = ph.canonical('plax').pose;
  const views = [...PLANE_VIEWS].sort(() => rng.next() - 0.5);
  for (const view of views) {
    const ideal = ph.canonical(view).pose;
    const holds = [off(ideal, rng.range(0.6, 1)), off(ideal, rng.range(0.3, 0.6)), off(ideal, rng.range(0.1, 0.3)), rng.next() < 0.5 ? ideal : off(ideal, rng.range(0, 0.15))];
    holds.forEach((h, i) => {
      legs.push([at, h, i === 0 ? 1.5 : 0.7], [h, h, rng.range(2.5, 4)]);
      at = h;
    });
  }
  let t = 0;
  for (const [from, to, seconds] of legs) {
    for (let i = 0; i < Math.round(seconds * fps); i++, t += 1 / fps) {
      const k = from === to ? 1 : (i + 1) / Math.round(seconds * fps);
      const pose = ph.jitter(from === to ? to : blendPose(from, to, k * k * (3 - 2 * k)), t);
      const f = ph.frame({ pose, mode: '2d' }, t);
      const grey = rgbToGrey(f.rgb, 320, 240);
      const crop = cropScale(grey, detectSector(grey), engine.input.width, engine.input.height);
      const o = await engine.run(Float32Array.from(crop, (v) => v / 255), 1);
      const out = filter.update(t, o.probs, crop, judgeFrame(engine.card.ood, o));
      const view = out.view && (PLANE_VIEWS as string[]).includes(out.view) ? (out.view as ViewId) : null;
      const q = meter.update(t, view, o.quality!, crop);
      const time = Math.round(t * 1000 * 1000) / 1000;
      poses.set(time, pose);
      for (const ac of acs) ac.update({ time, view, stable: out.state === 'stable', quality: q?.score ?? null });
      frames++;
    }
  }
  acs.forEach((ac, i) => {
    for (const c of ac.clips()) {
      const ideal = ph.canonical(c.view).pose;
      const errs = c.frames.map((f) => poseError(poses.get(f.time)!, ideal));
      const mean = (k: 'mm' | 'deg') => errs.reduce((a, e) => a + e[k], 0) / errs.length;
      captures.push({ threshold: THRESHOLDS[i], seed, view: c.view, mm: mean('mm'), deg: mean('deg') });
    }
  });
  console.error(`subject ${s + 1}/${subjects} (seed ${seed}): ${acs.map((ac, i) => `${THRESHOLDS[i]}: ${ac.clips().length} views`).join(', ')}`);
}
await engine.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rows = THRESHOLDS.map((threshold) => {
  const cs = captures.filter((c) => c.threshold === threshold);
  const on = cs.filter((c) => c.mm <= TOL.mm && c.deg <= TOL.deg).length;
  return {
    minQuality: threshold, captures: cs.length, viewsCovered: `${cs.length}/${subjects * PLANE_VIEWS.length}`,
    withinTolerance: cs.length ? Math.round((1000 * on) / cs.length) / 10 : 0,
    medianMm: Math.round(median(cs.map((c) => c.mm)) * 10) / 10, medianDeg: Math.round(median(cs.map((c) => c.deg)) * 10) / 10,
  };
});
console.error(`${frames} frames at ${fps} fps in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
for (const r of rows) console.error(`minQuality ${r.minQuality}: ${r.captures} captures (${r.viewsCovered} views), ${r.withinTolerance}% within ${TOL.mm} mm and ${TOL.deg} degrees, median ${r.medianMm} mm ${r.medianDeg} degrees`);
console.log(JSON.stringify({ subjects, fps, seeds: `${HELD_OUT_SEED}-${HELD_OUT_SEED + subjects - 1}`, rows }));
