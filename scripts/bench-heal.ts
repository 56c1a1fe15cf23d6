/**
 * How long a live network stream takes to heal after its ffmpeg is killed (kill -9) while the sender carries
 * on: from the kill to the first frame of the new ffmpeg. The sender is `echolive simulate` over UDP.
 *   npm run bench:heal -- [--kills 5] [--size 800x600]
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { serveSchema } from '../server/config/serve.js';
import { compose } from '../server/main.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const kills = Number(arg('--kills', '5'));
const size = arg('--size', '800x600');
const port = 30000 + Math.floor(Math.random() * 20000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sender = spawn(process.execPath, ['bin/echolive.js', 'simulate', '--view', 'a4c', '--fps', '30', '--size', size, '--out', `udp://127.0.0.1:${port}`], { stdio: 'ignore' });
const app = await compose(serveSchema.parse({ sources: [`udp://127.0.0.1:${port}`], transport: { port: 0 } }));
const sup = app.supervisors[0];
const firstFrame = performance.now();
while (sup.status !== 'live') await sleep(10);
console.error(`first frame after ${((performance.now() - firstFrame) / 1000).toFixed(2)} s`);

const heal: number[] = [];
for (let k = 0; k < kills; k++) {
  await sleep(3000);
  const pid = sup.current!.pid!;
  const t0 = performance.now();
  process.kill(pid, 'SIGKILL');
  // 'live' again means the new ffmpeg has delivered its first frame.
  while (!(sup.current?.pid && sup.current.pid !== pid && sup.status === 'live')) await sleep(5);
  heal.push(+((performance.now() - t0) / 1000).toFixed(2));
  console.error(`kill ${k + 1}: frames again after ${heal.at(-1)} s`);
}
await app.close();
sender.kill('SIGTERM');
const sorted = [...heal].sort((a, b) => a - b);
console.log(JSON.stringify({ machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`, date: new Date().toISOString().slice(0, 10), size, kills, healSeconds: heal, median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1), restarts: sup.restarts }, null, 2));
