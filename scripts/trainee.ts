/**
 * The automatic trainee over the whole comprehensive protocol: from 50 random starting poses in each window
 * (parasternal, apical, subcostal, suprasternal), it follows only the trainer's hints to every view of the
 * protocol, and its presses are compared with the fewest that reach the view (a search over presses).
 * Prints the figures for docs/trainer.md. Usage: npm run trainee [-- --starts 50 --seed 3]
 */
import { Phantom } from '../server/phantom/phantom.js';
import { Rng } from '../server/phantom/rng.js';
import { randomStart, WINDOWS } from '../server/phantom/practice.js';
import { PROTOCOLS } from '../server/protocol.js';
import { CURSOR_START } from '../server/pose.js';
import { followHints, type Leg } from '../test/helpers/trainee.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name}: expected a positive integer, got '${process.argv[i + 1] ?? ''}'`);
    process.exit(2);
  }
  return v;
}

const starts = arg('starts', 50);
const seed = arg('seed', 3);
const ph = new Phantom(seed, 16, 16);
const rng = new Rng(2026);
const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))];
const t0 = performance.now();
const all: Leg[] = [];
console.log(`phantom seed ${seed}, ${starts} random starts per window, comprehensive protocol (${PROTOCOLS.comprehensive.length} views)`);
console.log('window        legs  reached  presses med/p95  optimum med  ratio med  p95   max');
for (const w of WINDOWS) {
  const legs: Leg[] = [];
  for (let i = 0; i < starts; i++) {
    const start = randomStart(ph, w, rng);
    for (const view of PROTOCOLS.comprehensive) legs.push(followHints(ph, { skin: start, mode: '2d', cursor: CURSOR_START }, view).leg);
  }
  all.push(...legs);
  const r = legs.map((l) => l.presses / Math.max(1, l.optimum));
  console.log(`${w.padEnd(13)} ${String(legs.length).padStart(4)}  ${String(legs.filter((l) => l.reached).length).padStart(7)}  ${String(q(legs.map((l) => l.presses), 0.5)).padStart(7)}/${String(q(legs.map((l) => l.presses), 0.95)).padEnd(4)}   ${String(q(legs.map((l) => l.optimum), 0.5)).padStart(6)}      ${q(r, 0.5).toFixed(2)}     ${q(r, 0.95).toFixed(2)}  ${Math.max(...r).toFixed(2)}`);
}
const r = all.map((l) => l.presses / Math.max(1, l.optimum));
console.log(`all           ${all.length}  ${all.filter((l) => l.reached).length} reached; ratio median ${q(r, 0.5).toFixed(2)}, p95 ${q(r, 0.95).toFixed(2)}, max ${Math.max(...r).toFixed(2)}; final error median ${q(all.map((l) => l.mm), 0.5)} mm ${q(all.map((l) => l.deg), 0.5)}°, worst ${Math.max(...all.map((l) => l.mm))} mm ${Math.max(...all.map((l) => l.deg))}°`);
console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s`);
if (all.some((l) => !l.reached) || q(r, 0.5) > 1.5 || q(r, 0.95) > 2.5) process.exit(1);
