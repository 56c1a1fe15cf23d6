/**
 * Phantom render speed: frames per second at a screen size on one core (this process), per view kind.
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
console.log(JSON.stringify({ size: `${width}x${height}`, frames, seconds: +s.toFixed(2), fps: +(frames / s).toFixed(1), msPerFrame: +((s * 1000) / frames).toFixed(2) }));
