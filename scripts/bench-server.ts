/**
 * Live server figures: capture-to-publish latency p50/p95 and how many 30-fps 800x600 streams this machine
 * sustains with under 1% dropped frames. Each step serves N copies of a 10-s clip at its native rate.
 *   tsx scripts/bench-server.ts [--max 16] [--seconds 10]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { serveSchema } from '../server/config/serve.js';
import { compose } from '../server/main.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const max = Number(arg('--max', '16'));
const seconds = Number(arg('--seconds', '10'));
const clip = '.tmp/bench-10s-800x600.mp4';
if (!existsSync(clip)) {
  mkdirSync('.tmp', { recursive: true });
  execFileSync(process.execPath, ['bin/echolive.js', 'simulate', '--tour', '--seconds', '10', '--size', '800x600', '--out', clip], { stdio: 'inherit' });
}

const steps: Array<Record<string, unknown>> = [];
for (const n of [1, 2, 4, 8, 12, 16, 20, 24].filter((x) => x <= max)) {
  const cfg = serveSchema.parse({ sources: Array.from({ length: n }, () => `${clip}#loop;native`), transport: { port: 0 } });
  const app = await compose(cfg);
  await new Promise((r) => setTimeout(r, 3000)); // warm up: ffmpeg start, first frames
  const before = app.streams.map((s) => ({ in: s.framesIn, dropped: s.dropped }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const hs = app.streams.map((s) => s.health());
  const framesIn = app.streams.reduce((a, s, i) => a + s.framesIn - before[i].in, 0);
  const dropped = app.streams.reduce((a, s, i) => a + s.dropped - before[i].dropped, 0);
  const p50 = hs.map((h) => h.latencyMs.p50).sort((a, b) => a - b)[Math.floor(hs.length / 2)];
  const p95 = Math.max(...hs.map((h) => h.latencyMs.p95));
  const step = {
    streams: n, fpsPerStream: +(framesIn / n / wall).toFixed(1), dropPercent: +((100 * dropped) / Math.max(1, framesIn)).toFixed(2),
    latencyMsP50: p50, latencyMsP95WorstStream: p95, serverCpuPercent: +((100 * (cpu.user + cpu.system)) / 1e6 / wall).toFixed(0),
  };
  steps.push(step);
  console.error(JSON.stringify(step));
  await app.close();
  if ((step.dropPercent as number) >= 1 || (step.fpsPerStream as number) < 28.5) break;
}
const ok = steps.filter((s) => (s.dropPercent as number) < 1 && (s.fpsPerStream as number) >= 28.5);
console.log(JSON.stringify({ machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`, clip: '800x600 30 fps H.264', sustainedStreams: ok.at(-1)?.streams ?? 0, steps }, null, 2));
