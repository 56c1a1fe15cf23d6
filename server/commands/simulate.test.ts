import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, expectUsageError, runCli } from '../../test/helpers/cli.js';
import { FfmpegSource } from '../capture/ffmpeg-source.js';
import { parseSource } from '../capture/source-spec.js';
import { captureDefaults } from '../config/capture.js';
import { VIEW_IDS } from '../views.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-sim-'));
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** Decode a file or stream with the real ffmpeg and count its frames (stopping after `max`). */
function countFrames(spec: string, max = Infinity, timeoutS = 10): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = new FfmpegSource(parseSource(spec), { width: 160, height: 120, realtime: false, timeoutS, nice: 0 }, captureDefaults.limits);
    let n = 0;
    s.on('frame', () => {
      if (++n === max) void s.stop().then(() => resolve(max));
    });
    s.on('end', () => resolve(n));
    s.on('error', reject);
    s.start();
  });
}

describe('echolive simulate', () => {
  it('writes a clip of seconds x fps frames', async () => {
    const out = join(tmp, 'a4c.mp4');
    const r = await runCli(['simulate', '--view', 'a4c', '--seconds', '1', '--fps', '12', '--size', '320x240', '--out', out]);
    expect(r.code).toBe(0);
    expect(await countFrames(out)).toBe(12);
  });

  it('writes the same bytes for the same seed', async () => {
    const args = ['simulate', '--view', 'psax-mid', '--seconds', '0.5', '--fps', '10', '--size', '256x192', '--seed', '9'];
    await runCli([...args, '--out', join(tmp, 'x1.mp4')]);
    await runCli([...args, '--out', join(tmp, 'x2.mp4')]);
    expect(sha(join(tmp, 'x1.mp4'))).toBe(sha(join(tmp, 'x2.mp4')));
  });

  it('writes a tour with a truth label and pose for every frame', async () => {
    const out = join(tmp, 'tour.mp4');
    const r = await runCli(['simulate', '--tour', '--seconds', '15', '--fps', '4', '--size', '160x120', '--out', out]);
    expect(r.code).toBe(0);
    const truth = JSON.parse(readFileSync(`${out}.truth.json`, 'utf8'));
    expect(truth.frames).toHaveLength(60);
    expect(truth.frames[0]).toMatchObject({ frame: 0, label: 'plax' });
    expect(truth.frames[0].pose.dir).toHaveLength(3);
    const labels = new Set(truth.frames.map((f: { label: string | null }) => f.label));
    for (const v of ['plax', 'a4c', 'pw', 'cw', 'mmode', 'ssn-arch']) expect(labels).toContain(v);
    expect(await countFrames(out)).toBe(60);
  });

  it('streams raw RGB24 frames on stdout with -', async () => {
    const bytes = await new Promise<number>((resolve) => {
      const p = spawn(process.execPath, [CLI, 'simulate', '--view', 'plax', '--seconds', '0.5', '--fps', '10', '--size', '160x120', '--out', '-']);
      let n = 0;
      p.stdout.on('data', (b: Buffer) => (n += b.length));
      p.on('close', () => resolve(n));
    });
    expect(bytes).toBe(5 * 160 * 120 * 3);
  });

  for (const proto of ['udp', 'tcp'] as const) {
    it(`streams MPEG-TS over ${proto}:// in real time until stopped`, async () => {
      const port = 20000 + Math.floor(Math.random() * 20000);
      const sim = spawn(process.execPath, [CLI, 'simulate', '--view', 'a4c', '--fps', '15', '--size', '320x240', '--out', `${proto}://127.0.0.1:${port}`]);
      try {
        const reader = `${proto}://127.0.0.1:${port}`;
        // The simulator takes a while to start (longer on a busy machine): until it listens, a TCP reader is
        // refused, so try again; a UDP reader simply waits for the first packets.
        let frames = 0;
        for (;;) {
          try {
            frames = await countFrames(reader, 10, 60);
            break;
          } catch (e) {
            if (!/connection refused/.test((e as Error).message)) throw e;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        expect(frames).toBe(10);
      } finally {
        sim.kill('SIGTERM');
      }
      const code = await new Promise((r) => sim.on('close', r));
      expect(code).toBe(0);
    }, 300_000);
  }

  it.each([
    [['--view', 'nope', '--seconds', '1', '--out', 'x.mp4'], /--view: must be one of plax/],
    [['--view', 'a4c', '--seconds', '-3', '--out', 'x.mp4'], /--seconds: must be > 0/],
    [['--view', 'a4c', '--out', 'x.mp4'], /--seconds: is required when writing a file/],
    [['--tour', '--view', 'a4c', '--seconds', '1', '--out', 'x.mp4'], /exactly one of --view <id> or --tour/],
    [['--view', 'a4c', '--seconds', '1', '--out', 'x.txt'], /--out: must be a .mp4/],
    [['--view', 'a4c', '--seconds', '1', '--out', 'x.mp4', '--size', '800by600'], /--size: expected WIDTHxHEIGHT/],
    [['--view', 'a4c', '--seconds', '1', '--out', 'x.mp4', '--fps', '0'], /--fps: must be at least 1/],
    [['--view', 'a4c', '--seconds', '1'], /required option '--out/],
    [['--view', 'a4c', '--seconds', '1', '--out', 'x.mp4', '--bogus'], /unknown option '--bogus'/],
  ])('refuses %j with exit 2 and one line', async (args, pattern) => {
    expectUsageError(await runCli(['simulate', ...args]), pattern);
  });

  it('reports an unwritable output as one line with exit 2', async () => {
    const r = await runCli(['simulate', '--view', 'a4c', '--seconds', '0.2', '--size', '160x120', '--out', '/nonexistent-dir/x.mp4']);
    expectUsageError(r, /--out: directory \/nonexistent-dir does not exist/);
    expect(existsSync('/nonexistent-dir')).toBe(false);
  });

  it('knows all 15 views', () => {
    expect(VIEW_IDS).toHaveLength(15);
  });
});
