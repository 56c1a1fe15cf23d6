import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegSource } from './ffmpeg-source.js';
import { parseSource } from './source-spec.js';
import { captureDefaults } from '../config/capture.js';
import { FIXTURES } from '../../test/helpers/cli.js';

/** The niceness of every thread of a process (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.runIf(existsSync('/proc/self/task'))('decoder niceness', () => {
  it('starts ffmpeg at capture.nice on every thread and can step a running one back', async () => {
    const s = new FfmpegSource(parseSource(`${join(FIXTURES, 'a4c.mp4')}#loop`), { width: 160, height: 120, realtime: true, timeoutS: 20, nice: 10 }, captureDefaults.limits);
    const first = new Promise<void>((resolve) => s.once('frame', () => resolve()));
    s.start();
    await first; // decoding threads exist now
    expect(new Set(threadNices(s.pid!))).toEqual(new Set([10]));
    expect(s.setNice(15)).toBe(true);
    expect(new Set(threadNices(s.pid!))).toEqual(new Set([15]));
    await s.stop();
  });
});
