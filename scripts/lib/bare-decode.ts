/**
 * Bare decoding: N ffmpeg processes with exactly the argument arrays the server spawns for a source, their
 * output read as the server reads it (a local socket into one reused buffer, capture/socket-pipe.ts), the
 * frames counted and thrown away. What the machine can decode with no server behind it. Bench scripts only.
 */
import { spawn } from 'node:child_process';
import { ffmpegPath } from '../../server/capture/ffmpeg-path.js';
import { decodeArgs } from '../../server/capture/ffmpeg-args.js';
import type { SourceSpec } from '../../server/capture/source-spec.js';
import type { FfmpegSourceOptions } from '../../server/capture/ffmpeg-source.js';
import { renice } from '../../server/capture/priority.js';
import { socketPipe } from '../../server/capture/socket-pipe.js';

export interface BareRun {
  /** Frames each process delivered per second over the measured span. */
  fps: number[];
  argv: string[];
}

/** Run n copies for warmupS + seconds; frames are counted over the last `seconds` only. */
export async function bareDecode(spec: SourceSpec, o: FfmpegSourceOptions, n: number, seconds: number, warmupS = 3): Promise<BareRun> {
  const argv = decodeArgs(spec, o);
  const frameBytes = o.width * o.height;
  const bytes = new Array<number>(n).fill(0);
  const sink = new Uint8Array(frameBytes);
  const procs = await Promise.all(bytes.map(async (_, i) => {
    const { child, read } = await socketPipe({ buffer: sink, callback: (n) => ((bytes[i] += n), true) });
    const p = spawn(ffmpegPath(), argv, { stdio: ['ignore', child, 'ignore'] });
    child.destroy();
    if (p.pid !== undefined && o.nice) renice(p.pid, o.nice);
    p.once('close', () => read.destroy());
    return p;
  }));
  await new Promise((r) => setTimeout(r, warmupS * 1000));
  const start = [...bytes];
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (performance.now() - t0) / 1000;
  const fps = bytes.map((b, i) => (b - start[i]) / frameBytes / wall);
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : (p.once('close', r), p.kill('SIGKILL'))))));
  return { fps, argv };
}
