import { describe, expect, it } from 'vitest';
import { splitJpeg } from './jpeg-stream.js';

const SOI = [0xff, 0xd8, 0xff], EOI = [0xff, 0xd9];
const img = (k: number) => [...SOI, 0xe0, k, ...EOI];

describe('splitting joined JPEG streams', () => {
  it('splits at each start-of-image right after an end-of-image, with or without 0x00 padding between', () => {
    const b = Uint8Array.from([...img(1), ...img(2), 0x00, ...img(3), 0x00, 0x00, ...img(4), 0x00]);
    expect(splitJpeg(b).map((s) => s[4])).toEqual([1, 2, 3, 4]);
  });

  it('does not split at a start-of-image inside an image (an embedded thumbnail)', () => {
    const b = Uint8Array.from([...SOI, 0xe1, 0x07, ...SOI, ...EOI, ...EOI]);
    expect(splitJpeg(b)).toHaveLength(1);
  });
});
