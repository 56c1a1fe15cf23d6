import { describe, expect, it } from 'vitest';
import { checkCineSize, checkImageSize } from './input-limits.js';
import { inputLimitsSchema } from '../config/limits.js';

const limits = inputLimitsSchema.parse({});

describe('input limits', () => {
  it('has defaults with units, and bounds', () => {
    expect(limits).toEqual({ maxFileBytes: 2 ** 30, maxStillBytes: 64 * 2 ** 20, maxWidth: 8192, maxHeight: 8192, maxFrames: 10_000, maxTotalPixels: 2e9 });
    expect(inputLimitsSchema.safeParse({ maxFrames: 0 }).success).toBe(false);
    expect(inputLimitsSchema.safeParse({ maxFileBytes: 2 ** 31 }).success).toBe(false);
  });

  it('accepts sizes within the limits', () => {
    expect(() => checkImageSize('a.png', 8192, 8192, limits)).not.toThrow();
    expect(() => checkCineSize('c.dcm', { width: 1024, height: 768, frames: 2500 }, limits)).not.toThrow();
  });

  it.each([
    [0, 5, 1, /c: the header gives no image size \(0x5\)/],
    [8193, 5, 1, /c: 8193x5 px, larger than the 8192x8192 limit \(capture\.limits\.maxWidth, maxHeight\)/],
    [1, 1, 10_001, /c: 10001 frames, more than the limit of 10000 \(capture\.limits\.maxFrames\)/],
    [8192, 8192, 30, /c: 30 frames of 8192x8192 are 2013265920 px, more than the limit of 2000000000 \(capture\.limits\.maxTotalPixels\)/],
  ])('refuses %ix%i x %i frames, naming the limit', (width, height, frames, re) => {
    expect(() => checkCineSize('c', { width, height, frames }, limits)).toThrow(re);
  });
});
