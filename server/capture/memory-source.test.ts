import { describe, expect, it } from 'vitest';
import { MemorySource, type FrameStore } from './memory-source.js';
import { UserError } from '../errors.js';

const size = { width: 160, height: 120 };
const info = { spec: 'c.dcm', kind: 'dicom' };

/** A store of `count` 2x2 frames that records which frames were decoded. */
function store(count: number, failAt = -1): FrameStore & { decoded: number[] } {
  const decoded: number[] = [];
  return {
    count, fps: 25, decoded,
    frame(i) {
      if (i === failAt) throw new UserError(`c.dcm: frame ${i + 1} is broken`);
      decoded.push(i);
      return { data: new Uint8Array(4).fill(i & 255), width: 2, height: 2 };
    },
  };
}

describe('memory source', () => {
  it('decodes frames one at a time, when they are due, not all up front', async () => {
    const s = store(100_000);
    const src = new MemorySource(info, async () => s, size, false, false);
    await new Promise<void>((resolve) => {
      let n = 0;
      src.on('frame', (f) => {
        expect([f.width, f.height]).toEqual([160, 120]);
        if (++n === 3) void src.stop().then(resolve);
      });
      src.start();
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(s.decoded).toEqual([0, 1, 2]);
  });

  it('ends after the last frame, and reports a frame that cannot be decoded as an error', async () => {
    const ok = new MemorySource(info, async () => store(4), size, false, false);
    let frames = 0;
    ok.on('frame', () => frames++);
    await new Promise((resolve) => ok.on('end', resolve).start());
    expect(frames).toBe(4);
    const bad = new MemorySource(info, async () => store(4, 2), size, false, false);
    await expect(new Promise((_, reject) => bad.on('error', reject).start())).rejects.toThrow('c.dcm: frame 3 is broken');
  });

  it('emits nothing when stopped before its frames are opened', async () => {
    const src = new MemorySource(info, async () => store(4), size, false, false);
    let events = 0;
    for (const e of ['frame', 'end', 'error'] as const) src.on(e, () => events++);
    src.start();
    await src.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toBe(0);
  });
});
