/**
 * Soak: serve N looping fixture clips for M minutes and print, once a minute, the server's resident and heap
 * memory, open file descriptors, source restarts and dropped frames (reported, not judged). At the end:
 * descriptors at the last minute against the first, RSS and heap slopes over minutes 2..M (least squares,
 * MB a minute), and restarts of the (healthy) sources.
 *   npm run bench:soak -- [--minutes 10] [--streams 16] [--json docs/bench/soak.json]
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { serveSchema } from '../server/config/serve.js';
import { compose } from '../server/main.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const minutes = Number(arg('--minutes', '10'));
const streams = Number(arg('--streams', '16'));
const jsonOut = process.argv.includes('--json') ? arg('--json', '') : null;

const clips = readdirSync('fixtures').filter((f) => f.endsWith('.mp4')).sort().map((f) => join('fixtures', f));
const sources = Array.from({ length: streams }, (_, i) => `${clips[i % clips.length]}#loop;native`);
const app = await compose(serveSchema.parse({ sources, transport: { port: 0 } }));

const MB = 1024 * 1024;
const fds = () => readdirSync('/proc/self/fd').length;
const totals = () => ({
  restarts: app.supervisors.reduce((a, s) => a + s.restarts, 0),
  framesIn: app.streams.reduce((a, s) => a + s.framesIn, 0),
  dropped: app.streams.reduce((a, s) => a + s.dropped, 0),
});
const rows: Array<{ minute: number; rssMB: number; heapMB: number; fds: number; restarts: number; framesIn: number; dropped: number; dropPercent: number }> = [];
let last = totals();
console.error(`soak: ${streams} streams of looping fixture clips for ${minutes} min`);
for (let m = 1; m <= minutes; m++) {
  await new Promise((r) => setTimeout(r, 60_000));
  const now = totals();
  const mem = process.memoryUsage();
  const framesIn = now.framesIn - last.framesIn, dropped = now.dropped - last.dropped;
  const row = {
    minute: m, rssMB: +(mem.rss / MB).toFixed(1), heapMB: +(mem.heapUsed / MB).toFixed(1), fds: fds(),
    restarts: now.restarts - last.restarts, framesIn, dropped, dropPercent: +((100 * dropped) / Math.max(1, framesIn)).toFixed(2),
  };
  rows.push(row);
  console.error(JSON.stringify(row));
  last = now;
}
await app.close();

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length, mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0), den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}
const tail = rows.filter((r) => r.minute >= 2);
const summary = {
  machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`, date: new Date().toISOString().slice(0, 10), streams, minutes,
  fdsFirstMinute: rows[0]?.fds, fdsLastMinute: rows.at(-1)?.fds,
  rssSlopeMBPerMin: +slope(tail.map((r) => r.minute), tail.map((r) => r.rssMB)).toFixed(3),
  heapSlopeMBPerMin: +slope(tail.map((r) => r.minute), tail.map((r) => r.heapMB)).toFixed(3),
  restarts: rows.reduce((a, r) => a + r.restarts, 0), dropPercent: +((100 * rows.reduce((a, r) => a + r.dropped, 0)) / Math.max(1, rows.reduce((a, r) => a + r.framesIn, 0))).toFixed(2),
  rows,
};
console.log(JSON.stringify(summary, null, 2));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(summary, null, 2) + '\n');
