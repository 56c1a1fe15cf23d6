import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { PhantomSource } from '../../server/phantom/live-source.js';

const openFds = () => readdirSync('/proc/self/fd').length;
const options = { plan: 'a4c' as const, seed: 1, fps: 30, width: 320, height: 240, tourSeconds: 150, realtime: true };

describe('phantom source restarts', () => {
  it('a phantom source stopped while its worker is still loading leaves no file descriptors open', async () => {
    const warm = new PhantomSource({ spec: 'sim:a4c', kind: 'phantom' }, options);
    warm.start();
    await new Promise((r) => warm.once('frame', r));
    await warm.stop();
    const before = openFds();
    for (let k = 0; k < 8; k++) {
      const s = new PhantomSource({ spec: 'sim:a4c', kind: 'phantom' }, options);
      const frames: unknown[] = [];
      s.on('frame', (f) => frames.push(f));
      s.start();
      await new Promise((r) => setTimeout(r, 20 * k)); // stop at different points of loading
      await s.stop();
      expect(frames.length).toBeLessThanOrEqual(1);
    }
    expect(openFds()).toBeLessThanOrEqual(before);
  }, 300_000);
});
