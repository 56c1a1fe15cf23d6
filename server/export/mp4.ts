/** Writing a clip's JPEG frames to an MP4 file with ffmpeg (argv from clip-args.ts). */
import { spawn } from 'node:child_process';
import { ffmpegPath } from '../capture/ffmpeg-path.js';
import { clipMp4Args, type ClipInput } from './clip-args.js';

/** Encode `frames` (coded as `input` says) at `fps` into `out`; rejects with ffmpeg's last stderr line when it fails. */
export function writeMp4(frames: Uint8Array[], input: ClipInput, fps: number, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegPath(), clipMp4Args(input, fps, out), { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    p.on('error', (e) => reject(new Error(`ffmpeg could not start: ${e.message}`)));
    // A write after ffmpeg has gone (it failed) is reported by 'close' below, not as an unhandled error.
    p.stdin.on('error', () => {});
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed writing ${out}: ${err.trim().split('\n').at(-1) ?? `exit ${code}`}`))));
    (async () => {
      for (const f of frames) if (!p.stdin.write(f)) await new Promise((r) => p.stdin.once('drain', r));
      p.stdin.end();
    })();
  });
}
