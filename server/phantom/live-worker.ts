import { parentPort, workerData } from 'node:worker_threads';
import { Phantom, type ProbeState } from './phantom.js';
import { tourScript, viewScript } from './tour.js';
import { movePose, type ProbeMove } from './probe.js';
import { rgbToGrey } from '../frames.js';
import type { PhantomSourceOptions } from './live-source.js';
import type { ViewId } from '../views.js';

const o = workerData as PhantomSourceOptions;
const ph = new Phantom(o.seed, o.width, o.height, o.look);
let probe: ProbeState = ph.canonical(o.plan === 'tour' || o.plan === 'interactive' ? 'plax' : o.plan);
const script = o.plan === 'tour' ? tourScript(ph, o.tourSeconds) : o.plan === 'interactive' ? null : viewScript(ph, o.plan);

parentPort!.on('message', (m: { type: 'move'; move: ProbeMove } | { type: 'view'; view: ViewId }) => {
  if (m.type === 'move') probe = { ...probe, pose: movePose(probe.pose, m.move) };
  else probe = ph.canonical(m.view);
});

const t0 = performance.now();
const total = o.seconds !== undefined ? Math.round(o.seconds * o.fps) : Infinity;
let i = 0;
function tick(): void {
  if (i >= total) {
    parentPort!.postMessage('end');
    return;
  }
  const time = i / o.fps;
  const state = script ? script(time % o.tourSeconds) : { ...probe, pose: ph.jitter(probe.pose, time) };
  const f = ph.frame(state, time);
  const grey = rgbToGrey(f.rgb, o.width, o.height);
  parentPort!.postMessage({ data: grey.data, time, truth: f.label }, [grey.data.buffer as ArrayBuffer]);
  i++;
  setTimeout(tick, o.realtime ? Math.max(0, t0 + (i * 1000) / o.fps - performance.now()) : 0);
}
tick();
