/** A clip of ffmpeg's `mptestsrc` test card: not ultrasound, and a kind the unfamiliar-image rule was not fitted on. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../../server/capture/ffmpeg-path.js';

/** Writes `seconds` of the test card at 30 fps (H.264) to a temporary folder and returns its path. */
export function testCardClip(seconds: number): string {
  const clip = join(mkdtempSync(join(tmpdir(), 'echolive-card-')), 'mptestsrc.mp4');
  const made = spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'mptestsrc=rate=30', '-t', String(seconds), '-pix_fmt', 'yuv420p', '-y', clip]);
  if (made.status !== 0) throw new Error(`ffmpeg could not make the test card: ${String(made.stderr).trim()}`);
  return clip;
}
