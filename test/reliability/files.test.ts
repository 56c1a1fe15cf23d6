/**
 * Hostile and unlucky input files: non-regular files named like media, DICOMs and still images whose headers
 * lie about their size, frame count or layout. Every refusal is one line naming the input and the reason
 * (exit 2 from the CLI); nothing blocks the event loop. Timeouts here are hang guards, never speed thresholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, expectUsageError, runCli } from '../helpers/cli.js';
import { EXPLICIT_LE, JPEG_BASELINE, writeCine } from '../helpers/dicom.js';
import { startServer } from '../helpers/server.js';
import type { Composed } from '../../server/main.js';
import { lyingJpeg, lyingPng } from './image-bytes.js';
import { UserError } from '../../server/errors.js';
import { inputLimitsSchema } from '../../server/config/limits.js';
import { openDicomCine } from '../../server/capture/dicom.js';
import { checkMediaFile } from '../../server/capture/media-file.js';
import { parseSource } from '../../server/capture/source-spec.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-files-'));
/** A CLI run that has not finished by then is hung (the suite's 60 s test timeout is the outer guard). */
const HANG_GUARD_MS = 45_000;
/** Fixed seed and bounded runs: the same cases on every machine, in bounded time. */
const FUZZ = { seed: 20261129, numRuns: 60 };
/** Small limits, so a case that slipped past them would show as a too-large result rather than a slow test. */
const SMALL = inputLimitsSchema.parse({ maxWidth: 256, maxHeight: 256, maxFrames: 40, maxTotalPixels: 300_000, maxStillBytes: 4096, maxFileBytes: 64 * 1024 });
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

  describe('serve with a FIFO .dcm source and directories named .mp4 and .png', () => {
    const sources = ['fifo.dcm', 'dir.mp4', 'dir.png'];
    let app: Composed;
    beforeAll(async () => {
      app = await startServer(sources.map((s) => join(tmp, s)));
    });
    afterAll(() => app?.close());

    it('keeps answering /healthz and reports why each source is down', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(HANG_GUARD_MS / 3) });
        expect((await r.json()).status).not.toBe('ok');
        await new Promise((res) => setTimeout(res, 300));
      }
      const reasons = [/not a regular file \(a FIFO/, /not a regular file \(a directory\)/, /not a regular file \(a directory\)/];
      for (const [i, re] of reasons.entries()) await expect.poll(() => app.supervisors[i].lastError, { timeout: HANG_GUARD_MS }).toMatch(re);
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

describe('DICOM header fuzzing (lying sizes, counts and layouts)', () => {
  const dim = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 65535 }));
  /** Zero to three header fields, each set to a value that may lie. */
  const lies = fc.array(fc.oneof(
    fc.record({ Rows: dim }),
    fc.record({ Columns: dim }),
    fc.record({ NumberOfFrames: fc.oneof(fc.integer({ min: -10, max: 60 }).map(String), fc.integer({ min: 0, max: 2_000_000 }).map(String), fc.constantFrom('', 'abc', '1.5', '1e9')) }),
    fc.record({ BitsAllocated: fc.constantFrom(0, 1, 8, 12, 16, 32) }),
    fc.record({ SamplesPerPixel: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ PlanarConfiguration: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ CineRate: fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e9, noNaN: true })) }),
  ), { maxLength: 3 }).map((l) => Object.assign({}, ...l) as Record<string, unknown>);
  const files = fc.record({ ts: fc.constantFrom(EXPLICIT_LE, JPEG_BASELINE), frames: fc.integer({ min: 1, max: 3 }), oneFragment: fc.boolean(), fields: lies });

  it('opens within the limits and decodes every frame within them, or refuses with one UserError', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(files, async ({ ts, frames, oneFragment, fields }) => {
        const f = join(tmp, `fuzz-${n++}.dcm`);
        writeCine(f, Array.from({ length: frames }, (_, k) => grey(8, 6, k)), 8, 6, ts, 25, { oneFragment, fields });
        let cine;
        try {
          cine = await openDicomCine(f, f, SMALL);
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
          expect((e as Error).message).toMatch(new RegExp(`^${f}: `));
          return;
        }
        expect(cine.count).toBeLessThanOrEqual(SMALL.maxFrames);
        expect(cine.fps).toBeGreaterThan(0);
        for (let i = 0; i < cine.count; i++) {
          try {
            const img = cine.frame(i);
            expect(img.width * img.height * cine.count).toBeLessThanOrEqual(SMALL.maxTotalPixels);
            expect(img.data.length).toBe(img.width * img.height);
          } catch (e) {
            expect(e).toBeInstanceOf(UserError);
          }
        }
      }),
      FUZZ,
    );
  });
});

describe('PNG and JPEG header fuzzing', () => {
  it('takes a still exactly when its declared size is within the limits', async () => {
    let n = 0;
    const still = fc.oneof(
      fc.record({ ext: fc.constant('png'), w: fc.nat({ max: 2 ** 32 - 1 }), h: fc.nat({ max: 2 ** 32 - 1 }) }),
      fc.record({ ext: fc.constant('jpg'), w: fc.nat({ max: 65535 }), h: fc.nat({ max: 65535 }) }),
      fc.record({ ext: fc.constantFrom('png', 'jpg'), w: fc.integer({ min: 0, max: 300 }), h: fc.integer({ min: 0, max: 300 }) }),
    );
    await fc.assert(
      fc.asyncProperty(still, async ({ ext, w, h }) => {
        const f = join(tmp, `fuzz-${n++}.${ext}`);
        writeFileSync(f, ext === 'png' ? lyingPng(w, h) : lyingJpeg(w, h));
        const ok = w >= 1 && h >= 1 && w <= SMALL.maxWidth && h <= SMALL.maxHeight;
        const r = checkMediaFile(parseSource(f), SMALL);
        if (ok) await expect(r).resolves.toBeUndefined();
        else await expect(r).rejects.toThrow(new RegExp(`^${f}: (\\d+x\\d+ px, larger than|the header gives no image size)`));
      }),
      FUZZ,
    );
  });

  it('refuses corrupted or oversized stills with a UserError, never anything else', async () => {
    let n = 0;
    const bytes = fc.record({ base: fc.constantFrom('png', 'jpg'), edits: fc.array(fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 255 })), { maxLength: 12 }), pad: fc.nat({ max: 6000 }) });
    await fc.assert(
      fc.asyncProperty(bytes, async ({ base, edits, pad }) => {
        const b = Buffer.concat([base === 'png' ? lyingPng(8, 8) : lyingJpeg(8, 8), Buffer.alloc(pad)]);
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        const f = join(tmp, `fuzz-${n++}.${base}`);
        writeFileSync(f, b);
        await checkMediaFile(parseSource(f), SMALL).catch((e) => expect(e).toBeInstanceOf(UserError));
      }),
      FUZZ,
    );
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
