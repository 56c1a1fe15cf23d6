import { parentPort, workerData } from 'node:worker_threads';
import { Phantom, type ImagingMode, type ProbeState } from './phantom.js';
import { tourScript, viewScript } from './tour.js';
import { moveCursor, moveSkin } from './skin.js';
import { randomStart, targetPose } from './practice.js';
import { Rng } from './rng.js';
import { rgbToGrey, type ProbeTelemetry } from '../frames.js';
import type { PhantomSourceOptions, ProbeCommand } from './live-source.js';
import { CURSOR_START, type Cursor, type SkinState } from '../pose.js';

const o = workerData as PhantomSourceOptions;
const ph = new Phantom(o.seed, o.width, o.height, o.look);
const script = o.plan === 'tour' ? tourScript(ph, o.tourSeconds) : o.plan === 'interactive' ? null : viewScript(ph, o.plan);
// The virtual probe (interactive plans): a state on the skin, the machine's mode, and counters.
let skin: SkinState = ph.idealSkin('plax');
let mode: ImagingMode = '2d';
let cursor: Cursor = CURSOR_START;
let moves = 0;
let jumps = 0;
let starts = 0;

parentPort!.on('message', (m: ProbeCommand) => {
  if (m.type === 'move') {
    const v = m.move;
    skin = moveSkin(skin, { s: v.slideLeft, z: v.slideHead, rotate: v.rotate, tilt: v.tilt, rock: v.rock });
    moves++;
  } else if (m.type === 'mode') {
    // A mode switched on starts with its cursor down the middle.
    if (m.mode !== mode) [moves, cursor] = [moves + 1, CURSOR_START];
    mode = m.mode;
  } else if (m.type === 'cursor') {
    cursor = moveCursor(cursor, m.cursor);
    moves++;
  } else if (m.type === 'view') {
    // A jump puts the probe on the view's ideal pose, with a mode's cursor on its structure.
    const t = targetPose(m.view);
    skin = ph.idealSkin(t.base);
    mode = t.mode;
    cursor = t.mode === '2d' ? CURSOR_START : ph.cursorTarget(t.mode, ph.poses[t.base]);
    jumps++;
  } else {
    skin = randomStart(ph, m.window, new Rng(m.seed));
    mode = '2d';
    cursor = CURSOR_START;
    starts++;
  }
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
  let state: ProbeState;
  let probe: ProbeTelemetry | undefined;
  if (script) state = script(time % o.tourSeconds);
  else {
    const pose = ph.skinPose(skin);
    state = { pose: ph.jitter(pose, time), mode, ...(mode === '2d' ? {} : { cursor }) };
    probe = { skin, pose, mode, cursor, moves, jumps, starts };
  }
  const f = ph.frame(state, time);
  const grey = rgbToGrey(f.rgb, o.width, o.height);
  parentPort!.postMessage({ data: grey.data, time, truth: f.label, probe }, [grey.data.buffer as ArrayBuffer]);
  i++;
  setTimeout(tick, o.realtime ? Math.max(0, t0 + (i * 1000) / o.fps - performance.now()) : 0);
}
tick();
