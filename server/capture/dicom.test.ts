import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomCine } from './dicom.js';
import { EXPLICIT_LE, JPEG_BASELINE, writeCine } from '../../test/helpers/dicom.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-dcm-'));
const w = 96, h = 64;
const frames = Array.from({ length: 6 }, (_, k) => Uint8Array.from({ length: w * h }, (_, i) => ((i % w) * 2 + k * 20) & 255));

describe('DICOM cine', () => {
  it('decodes an uncompressed multi-frame file exactly, with its cine rate', () => {
    const f = join(tmp, 'u.dcm');
    writeCine(f, frames, w, h, EXPLICIT_LE, 50);
    const c = readDicomCine(f);
    expect(c.frames).toHaveLength(6);
    expect(c.fps).toBe(50);
    expect([c.frames[0].width, c.frames[0].height]).toEqual([w, h]);
    expect(Buffer.from(c.frames[3].data).equals(Buffer.from(frames[3]))).toBe(true);
  });

  it('decodes a JPEG baseline multi-frame file close to the original', () => {
    const f = join(tmp, 'j.dcm');
    writeCine(f, frames, w, h, JPEG_BASELINE);
    const c = readDicomCine(f);
    expect(c.frames).toHaveLength(6);
    expect(c.fps).toBe(25);
    let err = 0;
    for (let i = 0; i < w * h; i++) err += Math.abs(c.frames[2].data[i] - frames[2][i]);
    expect(err / (w * h)).toBeLessThan(3);
  });

  it('names an unsupported transfer syntax', () => {
    const f = join(tmp, 'j2k.dcm');
    writeCine(f, frames, w, h, '1.2.840.10008.1.2.4.90');
    expect(() => readDicomCine(f)).toThrow(/unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.90 \(JPEG 2000 lossless\)/);
  });

  it('says when a file is not DICOM', () => {
    expect(() => readDicomCine(new URL('../../package.json', import.meta.url).pathname)).toThrow(/not a readable DICOM file/);
  });
});
