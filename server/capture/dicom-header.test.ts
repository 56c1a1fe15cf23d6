import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cineFps, cineHeader, transferSyntaxOf } from './dicom-header.js';
import { EXPLICIT_LE, writeCine } from '../../test/helpers/dicom.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-dcmh-'));

describe('DICOM header', () => {
  it('reads the transfer syntax from the file meta group', () => {
    writeCine(join(tmp, 'a.dcm'), [new Uint8Array(4)], 2, 2, EXPLICIT_LE);
    expect(transferSyntaxOf(readFileSync(join(tmp, 'a.dcm')))).toBe(EXPLICIT_LE);
    expect(transferSyntaxOf(Buffer.from('not dicom'))).toBeNull();
  });

  it('never throws on truncated or corrupted meta groups (fuzzed, fixed seed)', () => {
    writeCine(join(tmp, 'b.dcm'), [new Uint8Array(4)], 2, 2, EXPLICIT_LE);
    const good = readFileSync(join(tmp, 'b.dcm'));
    fc.assert(
      fc.property(fc.nat({ max: 400 }), fc.array(fc.tuple(fc.nat({ max: 300 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (cut, edits) => {
        const b = Uint8Array.from(good.subarray(0, 128 + 4 + cut));
        for (const [at, v] of edits) if (132 + at < b.length) b[132 + at] = v;
        const ts = transferSyntaxOf(b);
        return ts === null || typeof ts === 'string';
      }),
      { seed: 4242, numRuns: 1000 },
    );
  });

  it('validates geometry: whole positive numbers, NumberOfFrames 1 when absent', () => {
    const base = { Rows: 48, Columns: 64, PixelData: [new ArrayBuffer(1)] };
    expect(cineHeader('c', base)).toEqual({ rows: 48, columns: 64, frames: 1, bitsAllocated: 8, samplesPerPixel: 1, planar: 0 });
    expect(cineHeader('c', { ...base, NumberOfFrames: '12' }).frames).toBe(12);
    expect(() => cineHeader('c', { ...base, NumberOfFrames: -5 })).toThrow(/^c: NumberOfFrames -5 is not a positive whole number$/);
    expect(() => cineHeader('c', { ...base, NumberOfFrames: '2.5' })).toThrow(/NumberOfFrames 2\.5 is not/);
    expect(() => cineHeader('c', { ...base, NumberOfFrames: [1, 2] })).toThrow(/NumberOfFrames \[1,2\] is not/);
    expect(() => cineHeader('c', { ...base, Rows: 0 })).toThrow(/Rows 0 is not/);
    expect(() => cineHeader('c', { Rows: 4 })).toThrow(/no image pixel data/);
  });

  it('takes CineRate, else FrameTime, else 30 frames/s; absurd rates are ignored', () => {
    expect(cineFps({ CineRate: 50, FrameTime: 10 })).toBe(50);
    expect(cineFps({ FrameTime: 40 })).toBe(25);
    expect(cineFps({ CineRate: 1e-6, FrameTime: 1e9 })).toBe(30);
    expect(cineFps({})).toBe(30);
  });
});
