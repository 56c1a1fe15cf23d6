/** The benchmarks' 10-s 800x600 phantom tour clip (made once under .tmp) and its frame rate. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

export const BENCH_CLIP = '.tmp/bench-10s-800x600.mp4';

export function benchClip(): { clip: string; fps: number } {
  if (!existsSync(BENCH_CLIP)) {
    mkdirSync('.tmp', { recursive: true });
    execFileSync(process.execPath, ['bin/echolive.js', 'simulate', '--tour', '--seconds', '10', '--size', '800x600', '--out', BENCH_CLIP], { stdio: 'inherit' });
  }
  return { clip: BENCH_CLIP, fps: JSON.parse(readFileSync(`${BENCH_CLIP}.truth.json`, 'utf8')).fps };
}
