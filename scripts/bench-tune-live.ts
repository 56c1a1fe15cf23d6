/**
 * What the dashboard's Fine-tune costs the live path: N streams of the bench clip served as `serve` serves them,
 * frames taught on s1 over WebSocket, then its `tune` message; for each window (before, while the network tunes on
 * its worker thread, after, when s1 runs its own tuned network) every stream's frame rate, the share of frames lost
 * (dropped in the server or never delivered by ffmpeg) and the worst stream's capture-to-publish latency (p95).
 *   npm run bench:tune-live -- [--streams 4] [--seconds 10] [--teach-seconds 8] [--json file]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { WebSocket } from 'ws';
import { serveSchema } from '../server/config/serve.js';
import { compose } from '../server/main.js';
import type { ServerMessage, TeachMessage } from '../server/protocol.js';
import { benchClip } from './lib/bench-clip.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const n = Number(arg('--streams', '4')), seconds = Number(arg('--seconds', '10')), teachSeconds = Number(arg('--teach-seconds', '8'));
const jsonOut = process.argv.includes('--json') ? arg('--json', '') : null;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

const { clip, fps } = benchClip();
const app = await compose(serveSchema.parse({ sources: Array.from({ length: n }, () => `${clip}#loop;native`), transport: { port: 0 } }));
const ws = new WebSocket(`${app.url.replace('http', 'ws')}/ws`);
const replies: TeachMessage[] = [];
ws.on('message', (d, binary) => {
  const m = binary ? null : (JSON.parse(d.toString()) as ServerMessage);
  if (m?.type === 'teach') replies.push(m);
  else if (m?.type === 'error') {
    console.error(`bench:tune-live: the server answered: ${m.error}`);
    process.exit(1);
  }
});
await new Promise((r) => ws.once('open', r));
const teach = (action: string, view?: string) => ws.send(JSON.stringify({ type: 'teach', stream: 's1', action, view }));
await sleep(3); // ffmpeg start and the first frames

/** From now until the returned function is called: each stream's frame rate, the frames lost, the worst p95 latency. */
function window() {
  const before = app.streams.map((s) => ({ in: s.framesIn, dropped: s.dropped }));
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const got = app.streams.map((s, i) => s.framesIn - before[i].in);
    const dropped = app.streams.reduce((a, s, i) => a + s.dropped - before[i].dropped, 0);
    const lost = dropped + got.reduce((a, g) => a + Math.max(0, fps * wall - g), 0);
    return {
      seconds: round(wall), minFps: round(Math.min(...got) / wall), lossPercent: round((100 * lost) / (n * fps * wall), 2),
      latencyMsP95WorstStream: round(Math.max(...app.streams.map((s) => s.health().latencyMs.p95))),
    };
  };
}

let end = window();
await sleep(seconds);
const idle = end();
// Taught frames: the tour shows every view in turn; what they are called does not change the tuning's cost.
for (const view of ['plax', 'a4c']) {
  teach('start', view);
  await sleep(teachSeconds / 2);
  teach('stop');
}
await sleep(1);
end = window();
const t0 = performance.now();
teach('tune');
while (!replies.some((r) => r.tuned)) await sleep(0.2);
const tuning = { ...end(), tuneSeconds: round((performance.now() - t0) / 1000) };
end = window();
await sleep(seconds);
const after = end();
const taught = Object.values(replies.at(-1)!.counts).reduce((a, b) => a + b, 0);
ws.close();
await app.close();

const result = {
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`, streams: n, clipFps: fps, taughtFrames: taught,
  idle, whileTuning: tuning, afterTunedOnS1: after, note: replies.at(-1)!.note,
};
console.log(JSON.stringify(result, null, 2));
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
