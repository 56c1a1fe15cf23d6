import { describe, expect, it } from 'vitest';
import { FramePool } from './frame-pool.js';

describe('frame pool', () => {
  it('hands back the buffers it was given, newest first, and nothing when it has none', () => {
    const pool = new FramePool(4);
    expect(pool.take()).toBeUndefined();
    const a = new Uint8Array(8), b = new Uint8Array(8);
    pool.give(a);
    pool.give(b);
    expect(pool.take()).toBe(b);
    expect(pool.take()).toBe(a);
    expect(pool.take()).toBeUndefined();
  });

  it('keeps at most its bound of spare buffers', () => {
    const pool = new FramePool(2);
    for (let i = 0; i < 5; i++) pool.give(new Uint8Array(8));
    expect(pool.spares).toBe(2);
  });
});
