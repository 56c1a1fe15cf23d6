/**
 * The live server against bare decoding, measured back to back in one run on the same machine (absolute
 * figures swing on shared machines; their ratio much less, though a CPU hog at niceness 0 lowers it: the
 * decoders run at niceness 10 and lose their share to it, README):
 * 1. bare decode capacity: the most copies of the bench clip that N ffmpeg processes with exactly the
 *    arguments (and niceness) the server spawns decode at 28.5 fps or more each;
 * 2. the server's sustained streams: every stream at 28.5 fps or more and under 1% of frames lost (dropped in
 *    the server, `droppedPercent`, or never delivered by ffmpeg);
 * each number of streams runs bare and then served, back to back (an unpaced run first estimates where to start);
 * then their ratio, capture-to-publish latency at each step, the server's CPU per frame, a CPU profile of
 * where the main thread spends it, and a run over capacity with one stream selected.
 *   npm run bench:server -- [--max 40] [--seconds 10] [--json docs/bench/server.json] [--nice 10]
 * `--nice` sets the decoders' niceness (capture.nice) for both sides. `--profile <file>` applies a taught profile
 * (teach --out) to every served stream, to compare with a run without it (what teaching adds to the live path).
 * With `--streams N` it runs only the server at N streams, once plain and once profiled, and prints its CPU per
 * frame and the main thread's ms per frame by stage: the figures to compare when changing the hot path (CPU
 * time, so they hold on a shared machine far better than rates or the ratio).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { serveSchema, type ServeConfig } from '../server/config/serve.js';
import { compose, openOptions } from '../server/main.js';
import { parseSource } from '../server/capture/source-spec.js';
import { decodeOptions } from '../server/sources.js';
import { decodeArgs } from '../server/capture/ffmpeg-args.js';
import { bareDecode } from './lib/bare-decode.js';
import { benchClip } from './lib/bench-clip.js';
import { profile, type ProfileSummary } from './lib/cpu-profile.js';
import { WebSocket } from 'ws';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const max = Number(arg('--max', '40'));
const seconds = Number(arg('--seconds', '10'));
const jsonOut = process.argv.includes('--json') ? arg('--json', '') : null;
const only = process.argv.includes('--streams') ? Number(arg('--streams', '0')) : null;
const nice = process.argv.includes('--nice') ? { capture: { nice: Number(arg('--nice', '10')) } } : {};
const taught = process.argv.includes('--profile') ? `;profile=${arg('--profile', '')}` : '';
const MIN_FPS = 28.5;
const MAX_LOSS_PERCENT = 1;

const { clip, fps: clipFps } = benchClip();
const sourceText = `${clip}#loop;native${taught}`;
const config = (n: number): ServeConfig => serveSchema.parse({ sources: Array.from({ length: n }, () => sourceText), transport: { port: 0 }, ...nice });
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// 1. Bare decoding with the server's own argument arrays.
const spec = parseSource(sourceText);
const opened = openOptions(config(1), 0);
const decode = { ...decodeOptions(spec, opened), nice: opened.nice };
const bareSteps: Array<{ streams: number; minFps: number; ok: boolean }> = [];
async function bareStep(n: number): Promise<boolean> {
  const r = await bareDecode(spec, decode, n, seconds);
  const step = { streams: n, minFps: round(Math.min(...r.fps), 1), ok: Math.min(...r.fps) >= MIN_FPS };
  bareSteps.push(step);
  console.error(`bare, paced: ${JSON.stringify(step)}`);
  return step.ok;
}

// 2. The server. Each number of streams runs bare and then served, back to back, so that a change in the
// machine's other load hits both alike; upward from 60% of the estimate until both fail, downward first while
// either has not passed yet.
interface Step { streams: number; minFps: number; lossPercent: number; droppedPercent: number; latencyMsP50: number; latencyMsP95WorstStream: number; cpuMsPerFrame: number; serverCpuPercent: number; ok: boolean }
const runs = new Map<number, Step>();
/** One step of n streams; with `profiled`, under V8's sampling profiler too (which costs CPU itself). */
async function serverStep(n: number, profiled = false): Promise<Step & { profile?: ProfileSummary }> {
  const app = await compose(config(n));
  await new Promise((r) => setTimeout(r, 3000)); // ffmpeg start and the first frames
  const before = app.streams.map((s) => ({ in: s.framesIn, dropped: s.dropped }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const wait = () => new Promise<void>((r) => setTimeout(r, seconds * 1000));
  const prof = profiled ? await profile(wait) : (await wait(), undefined);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const hs = app.streams.map((s) => s.health());
  const got = app.streams.map((s, i) => s.framesIn - before[i].in);
  const dropped = app.streams.reduce((a, s, i) => a + s.dropped - before[i].dropped, 0);
  const expected = n * clipFps * wall;
  const framesIn = got.reduce((a, b) => a + b, 0);
  const lost = dropped + got.reduce((a, g) => a + Math.max(0, clipFps * wall - g), 0);
  await app.close();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const step: Step = {
    streams: n, minFps: round(Math.min(...got) / wall, 1), lossPercent: round((100 * lost) / expected), droppedPercent: round((100 * dropped) / expected),
    latencyMsP50: hs.map((h) => h.latencyMs.p50).sort((a, b) => a - b)[Math.floor(hs.length / 2)],
    latencyMsP95WorstStream: Math.max(...hs.map((h) => h.latencyMs.p95)),
    cpuMsPerFrame: round(cpuMs / Math.max(1, framesIn - dropped), 3), serverCpuPercent: round((100 * cpuMs) / 1000 / wall, 0), ok: false,
  };
  step.ok = Math.min(...got) / wall >= MIN_FPS && step.lossPercent < MAX_LOSS_PERCENT;
  if (!profiled) runs.set(n, step);
  console.error(`server${profiled ? ' (profiled)' : ''}: ${JSON.stringify(step)}`);
  return { ...step, profile: prof };
}
if (only !== null) {
  const plain = await serverStep(only);
  const { profile: p } = await serverStep(only, true);
  const frames = only * clipFps * (p!.spanMs / 1000);
  const msPerFrame = Object.fromEntries(Object.entries(p!.msByStage).filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / frames, 4)]));
  console.log(JSON.stringify({ streams: only, cpuMsPerFrame: plain.cpuMsPerFrame, lossPercent: plain.lossPercent, latencyMsP95WorstStream: plain.latencyMsP95WorstStream, mainThreadMsPerFrame: msPerFrame }, null, 2));
  process.exit(0);
}
const unpaced = await bareDecode(spec, { ...decode, realtime: false }, 16, 8);
const estimate = unpaced.fps.reduce((a, b) => a + b, 0) / clipFps;
console.error(`bare, unpaced (16 processes, no -re): ${round(estimate, 1)} streams' worth of ${clipFps} fps`);
let sustained = 0, bare = 0;
const step = async (n: number) => {
  const b = await bareStep(n), ok = (await serverStep(n)).ok;
  if (b) bare = Math.max(bare, n);
  if (ok) sustained = Math.max(sustained, n);
  return b || ok;
};
const start = Math.max(1, Math.min(max, Math.floor(0.6 * estimate)));
for (let n = start; n <= max && (await step(n)); n++);
for (let n = start - 1; n >= 1 && (bare === 0 || sustained === 0); n--) await step(n);
const half = Math.max(1, Math.floor(sustained / 2));
if (!runs.has(half)) await serverStep(half);

// 3. Over capacity: a third more streams than the bare capacity, the first selected by a dashboard client
// (a real WebSocket client). Its rate against the others', and whether the server said it was over capacity.
async function overStep(n: number) {
  const app = await compose(config(n));
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/ws`);
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'select', stream: 's1' }));
  await new Promise((r) => setTimeout(r, 5000)); // start, notice the overload, step the others' decoders back
  const before = app.streams.map((s) => s.framesIn - s.dropped);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (performance.now() - t0) / 1000;
  const fps = app.streams.map((s, i) => (s.framesIn - s.dropped - before[i]) / wall);
  const overloaded = app.streams.some((s) => s.health().behind);
  ws.close();
  await app.close();
  const others = fps.slice(1);
  const r = { streams: n, selectedFps: round(fps[0], 1), othersFps: { min: round(Math.min(...others), 1), max: round(Math.max(...others), 1), mean: round(others.reduce((a, b) => a + b, 0) / others.length, 1) }, overloaded };
  console.error(`over capacity: ${JSON.stringify(r)}`);
  return r;
}
const over = await overStep(Math.min(max, Math.ceil((bare || 1) * 4 / 3)));

// Where the server's main thread spends its time at the sustained load, in a separate profiled run (V8's
// sampling profiler: shares of wall-clock samples, so a thread the OS preempts counts longer; the process
// CPU per frame of the unprofiled run is the measure).
const at = runs.get(sustained) ?? runs.get(half)!;
const { profile: prof } = await serverStep(at.streams, true);
const busy = Object.entries(prof!.msByStage).filter(([k]) => k !== 'idle');
const busyMs = busy.reduce((a, [, v]) => a + v, 0);
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`,
  clip: `800x600 ${clipFps} fps H.264, decoded to ${decode.width}x${decode.height} grey`,
  ffmpegArgs: decodeArgs(spec, decode).join(' '),
  bare: { unpacedStreams: round(estimate, 1), sustainedStreams: bare, steps: bareSteps.sort((a, b) => a.streams - b.streams) },
  server: { sustainedStreams: sustained, steps: [...runs.values()].sort((a, b) => a.streams - b.streams) },
  ratio: bare ? round(sustained / bare, 3) : null,
  overCapacity: over,
  latencyAtHalf: { streams: half, p50: runs.get(half)!.latencyMsP50, p95WorstStream: runs.get(half)!.latencyMsP95WorstStream },
  cpuMsPerFrame: at.cpuMsPerFrame,
  mainThreadShare: Object.fromEntries(busy.sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / busyMs, 3)])),
};
console.log(JSON.stringify(result, null, 2));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n');
