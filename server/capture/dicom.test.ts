import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDicomCine } from './dicom.js';
import { inputLimitsSchema } from '../config/limits.js';
import { EXPLICIT_LE, JPEG_BASELINE, writeCine } from '../../test/helpers/dicom.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-dcm-'));
const w = 96, h = 64;
const frames = Array.from({ length: 6 }, (_, k) => Uint8Array.from({ length: w * h }, (_, i) => ((i % w) * 2 + k * 20) & 255));
const limits = inputLimitsSchema.parse({});
const open = (f: string, l = limits) => openDicomCine(f, f, l);

describe('DICOM cine', () => {
  it('decodes an uncompressed multi-frame file exactly, with its cine rate', async () => {
    const f = join(tmp, 'u.dcm');
    writeCine(f, frames, w, h, EXPLICIT_LE, 50);
    const c = await open(f);
    expect(c.count).toBe(6);
    expect(c.fps).toBe(50);
    const f3 = c.frame(3);
    expect([f3.width, f3.height]).toEqual([w, h]);
    expect(Buffer.from(f3.data).equals(Buffer.from(frames[3]))).toBe(true);
  });

  it.each([false, true])('decodes a JPEG baseline multi-frame file close to the original (one fragment with padding: %s)', async (oneFragment) => {
    const f = join(tmp, `j-${oneFragment}.dcm`);
    writeCine(f, frames, w, h, JPEG_BASELINE, 25, { oneFragment });
    const c = await open(f);
    expect(c.count).toBe(6);
    expect(c.fps).toBe(25);
    for (const k of [2, 5]) {
      let err = 0;
      const img = c.frame(k);
      for (let i = 0; i < w * h; i++) err += Math.abs(img.data[i] - frames[k][i]);
      expect(err / (w * h)).toBeLessThan(3);
    }
  });

  it('names an unsupported transfer syntax, deflated included (refused before the parser inflates it)', async () => {
    const f = join(tmp, 'j2k.dcm');
    writeCine(f, frames, w, h, '1.2.840.10008.1.2.4.90');
    await expect(open(f)).rejects.toThrow(/unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.90 \(JPEG 2000 lossless\)/);
    const d = join(tmp, 'deflated.dcm');
    writeCine(d, frames, w, h, '1.2.840.10008.1.2.1.99');
    await expect(open(d)).rejects.toThrow(/unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.1\.99 \(deflated/);
  });

  it('says when a file is not DICOM', async () => {
    await expect(open(new URL('../../package.json', import.meta.url).pathname)).rejects.toThrow(/not a readable DICOM file/);
  });

  it.each([
    [{ maxFrames: 5 }, /6 frames, more than the limit of 5 \(capture\.limits\.maxFrames\)/],
    [{ maxTotalPixels: 6 * w * h - 1 }, /6 frames of 96x64 are 36864 px, more than the limit of 36863/],
    [{ maxWidth: 64 }, /96x64 px, larger than the 64x8192 limit/],
    [{ maxFileBytes: 1024 }, /\d+ bytes, more than the limit of 1024 \(capture\.limits\.maxFileBytes\)/],
  ])('refuses a cine over a limit (%j) before decoding', async (over, re) => {
    const f = join(tmp, 'u.dcm');
    writeCine(f, frames, w, h, EXPLICIT_LE);
    await expect(open(f, { ...limits, ...over })).rejects.toThrow(re);
  });
});
