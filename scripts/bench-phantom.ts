/**
 * Phantom render speed: frames per second at a screen size on one core (this process), over the tour (every
 * view kind). The floor: at least FLOOR_FPS at 800x600 on one idle core, so a 100,000-frame dataset (at
 * 320x240 to 512x384) stays within minutes on two cores; below it the script exits 1. Measure on an idle
 * machine: other load makes any figure meaningless.
 * Usage: tsx scripts/bench-phantom.ts [--size 800x600] [--frames 300]
 */
import { Phantom } from '../server/phantom/phantom.js';
import { tourScript } from '../server/phantom/tour.js';

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : d;
};
const [width, height] = arg('--size', '800x600').split('x').map(Number);
const frames = Number(arg('--frames', '300'));
const ph = new Phantom(7, width, height);
const script = tourScript(ph, frames / 30);
for (let i = 0; i < 30; i++) ph.frame(script((i * frames) / 30 / 30), i / 30); // warm every renderer
const t0 = performance.now();
for (let i = 0; i < frames; i++) ph.frame(script(i / 30), i / 30);
const s = (performance.now() - t0) / 1000;
/** Frames per second at 800x600 on one idle core below which the phantom is too slow to make data. */
const FLOOR_FPS = 60;
const fps = frames / s;
const floor = FLOOR_FPS * (800 * 600) / (width * height);
console.log(JSON.stringify({ size: `${width}x${height}`, frames, seconds: +s.toFixed(2), fps: +fps.toFixed(1), msPerFrame: +((s * 1000) / frames).toFixed(2), floorFps: +floor.toFixed(1) }));
if (fps < floor) {
  console.error(`bench-phantom: ${fps.toFixed(1)} frames/s is below the floor of ${floor.toFixed(1)} (${FLOOR_FPS} at 800x600, scaled by pixels)`);
  process.exit(1);
}
