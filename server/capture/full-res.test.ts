import { describe, expect, it } from 'vitest';
import { FullResRing } from './full-res.js';
import { JpegStreamSplitter } from './jpeg-stream.js';

const image = (n: number, fill: number) => Buffer.from([0xff, 0xd8, 0xff, ...new Array(n).fill(fill), 0xff, 0xd9]);

describe('full-resolution frames', () => {
  it('keeps only the last seconds', () => {
    const r = new FullResRing(1e9, 2000);
    for (let t = 0; t <= 5000; t += 100) r.push(image(10, 1), t);
    expect(r.since(0).map((f) => f.time)[0]).toBe(3000);
    expect(r.latest()!.time).toBe(5000);
  });

  it('never holds more than its byte cap', () => {
    const r = new FullResRing(10_000, 60_000);
    for (let t = 0; t < 100; t++) r.push(image(995, 1), t);
    expect(r.heldBytes).toBeLessThanOrEqual(10_000);
    expect(r.since(0)).toHaveLength(10); // 1000-byte images
  });
});

describe('a JPEG stream arriving in chunks', () => {
  it('is cut into whole images, also where a marker spans two chunks', () => {
    const got: Buffer[] = [];
    const s = new JpegStreamSplitter((j) => got.push(j), 1e6);
    const joined = Buffer.concat([image(5, 1), image(7, 2), image(3, 0xff - 1)]);
    const cut = [4, 11, 12, joined.length]; // 12 = between the second image's FF and D9
    let from = 0;
    for (const to of cut) s.push(joined.subarray(from, to)), (from = to);
    expect(got.map((b) => b.length)).toEqual([10, 12, 8]);
    expect(Buffer.concat(got).equals(joined)).toBe(true);
  });

  it('throws away a run without an end marker beyond the cap, then carries on', () => {
    const got: Buffer[] = [];
    const s = new JpegStreamSplitter((j) => got.push(j), 100);
    s.push(Buffer.alloc(500, 7));
    s.push(image(5, 1));
    expect(got).toEqual([image(5, 1)]);
  });
});
