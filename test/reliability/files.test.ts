/**
 * Hostile and unlucky input files: non-regular files named like media, DICOMs and still images whose headers
 * lie about their size, frame count or layout. Every refusal is one line naming the input and the reason
 * (exit 2 from the CLI); nothing blocks the event loop. Timeouts here are hang guards, never speed thresholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, expectUsageError, runCli } from '../helpers/cli.js';
import { EXPLICIT_LE, JPEG_BASELINE, writeCine } from '../helpers/dicom.js';
import { startServer } from '../helpers/server.js';
import type { Composed } from '../../server/main.js';
import { lyingJpeg, lyingPng } from './image-bytes.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-files-'));
/** A CLI run that has not finished by then is hung (the suite's 60 s test timeout is the outer guard). */
const HANG_GUARD_MS = 45_000;
const grey = (w: number, h: number, k = 0) => Uint8Array.from({ length: w * h }, (_, i) => (i * 7 + k * 31) & 255);

describe('non-regular files named like media', () => {
  beforeAll(() => {
    for (const d of ['dir.mp4', 'dir.png', 'dir.dcm']) mkdirSync(join(tmp, d));
    for (const f of ['fifo.dcm', 'fifo.mp4', 'fifo.png']) execFileSync('mkfifo', [join(tmp, f)]);
  });

  it.each(['dir.mp4', 'dir.png', 'dir.dcm'])('classify refuses the directory %s with one line', async (name) => {
    expectUsageError(await runCli(['classify', join(tmp, name)], HANG_GUARD_MS), new RegExp(`${name}: not a regular file \\(a directory\\)`));
  });

  it.each(['fifo.dcm', 'fifo.mp4', 'fifo.png'])('classify --timeout 2 refuses the FIFO %s instead of hanging', async (name) => {
    const r = await runCli(['classify', join(tmp, name), '--timeout', '2'], HANG_GUARD_MS);
    expectUsageError(r, new RegExp(`${name}: not a regular file \\(a FIFO`));
  });

  describe('serve with a FIFO .dcm source', () => {
    let app: Composed;
    beforeAll(async () => {
      app = await startServer([join(tmp, 'fifo.dcm')]);
    });
    afterAll(() => app?.close());

    it('keeps answering /healthz and reports why the source is down', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(HANG_GUARD_MS / 3) });
        expect((await r.json()).status).not.toBe('ok');
        await new Promise((res) => setTimeout(res, 300));
      }
      await expect.poll(() => app.supervisors[0].lastError, { timeout: HANG_GUARD_MS }).toMatch(/not a regular file \(a FIFO/);
    });
  });
});

describe('DICOM files that lie', () => {
  it('refuses a negative NumberOfFrames', async () => {
    const f = join(tmp, 'neg.dcm');
    writeCine(f, [grey(64, 48)], 64, 48, EXPLICIT_LE, 25, { fields: { NumberOfFrames: '-5' } });
    expectUsageError(await runCli(['classify', f], HANG_GUARD_MS), /neg\.dcm: NumberOfFrames -5 is not a positive whole number/);
  });

  it('refuses a corrupt DICOM with exactly one stderr line (no library warning)', async () => {
    const f = join(tmp, 'corrupt.dcm');
    writeFileSync(f, Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(50, 0xff)]));
    expectUsageError(await runCli(['classify', f], HANG_GUARD_MS), /corrupt\.dcm: not a readable DICOM file/);
  });

  it('refuses 20,000 declared frames (20 KB file) before decoding, naming the limit', async () => {
    const f = join(tmp, 'many.dcm');
    writeCine(f, Array.from({ length: 20_000 }, (_, k) => Uint8Array.of(k & 255)), 1, 1, EXPLICIT_LE);
    expectUsageError(await runCli(['classify', f], HANG_GUARD_MS), /many\.dcm: 20000 frames, more than the limit of 10000 \(capture\.limits\.maxFrames\)/);
  });

  it('classifies every frame of a JPEG cine whose frames share one fragment with padding after each end marker', async () => {
    const f = join(tmp, 'padded.dcm');
    writeCine(f, [0, 1, 2].map((k) => grey(96, 64, k)), 96, 64, JPEG_BASELINE, 25, { oneFragment: true });
    const r = await runCli(['classify', f, '--json'], HANG_GUARD_MS);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).frames).toBe(3);
  });
});

describe('still images that lie about their size', () => {
  it.each([
    ['huge.png', lyingPng(100_000, 100_000)],
    ['huge.jpg', lyingJpeg(60_000, 60_000)],
  ])('classify refuses %s from its header, before decoding', async (name, bytes) => {
    writeFileSync(join(tmp, name), bytes);
    expectUsageError(await runCli(['classify', join(tmp, name)], HANG_GUARD_MS), new RegExp(`${name}: \\d+x\\d+ px, larger than the 8192x8192 limit`));
  });
});

describe("a '#' in a file name", () => {
  it('is part of the name when what follows it is not an option list', async () => {
    const f = join(tmp, 'scan#2.mp4');
    copyFileSync(join(FIXTURES, 'plax.mp4'), f);
    const r = await runCli(['classify', f, '--json'], HANG_GUARD_MS);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ frames: 45, view: 'plax' });
  });
});
