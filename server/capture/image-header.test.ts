import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imageHeader } from './image-header.js';
import { lyingJpeg, lyingPng } from '../../test/reliability/image-bytes.js';

describe('image headers', () => {
  it('reads the size a PNG or JPEG header declares', () => {
    expect(imageHeader(lyingPng(100_000, 3))).toEqual({ format: 'png', width: 100_000, height: 3 });
    expect(imageHeader(lyingJpeg(640, 65535))).toEqual({ format: 'jpeg', width: 640, height: 65535 });
  });

  it('gives null for other bytes and for cut-short headers', () => {
    expect(imageHeader(Buffer.from('GIF89a'))).toBeNull();
    expect(imageHeader(lyingPng(8, 8).subarray(0, 20))).toBeNull();
    expect(imageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
  });

  it('never throws, on any bytes behind a PNG or JPEG signature (fuzzed, fixed seed)', () => {
    const sig = fc.constantFrom([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], []);
    fc.assert(
      fc.property(sig, fc.uint8Array({ maxLength: 300 }), (s, rest) => {
        const h = imageHeader(Uint8Array.from([...s, ...rest]));
        return h === null || (Number.isInteger(h.width) && Number.isInteger(h.height));
      }),
      { seed: 9001, numRuns: 2000 },
    );
  });
});
