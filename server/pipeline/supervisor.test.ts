import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { Supervisor } from './supervisor.js';
import type { FrameSource } from '../frames.js';

/** A controllable fake source: the supervisor's logic is what is under test here. */
class FakeSource extends EventEmitter {
  readonly spec = { spec: 'fake', kind: 'video' };
  fps = 30;
  pid = undefined;
  started = 0;
  stopped = 0;
  start() {
    this.started++;
  }
  async stop() {
    this.stopped++;
  }
  stderrTail() {
    return ['last line'];
  }
  frame() {
    this.emit('frame', { data: new Uint8Array(4), width: 2, height: 2, index: 0, mediaTime: 0, captureTime: performance.now() });
  }
}

const cfg = { staleAfterS: 0.2, firstFrameTimeoutS: 0.6, backoffBaseS: 0.05, backoffCapS: 0.2, jitter: 0, maxFailures: 3 };

describe('source supervision', () => {
  // Every case runs on fake timers, so a busy machine cannot stretch a sleep past a timeout.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  it('goes connecting -> live -> stale -> restarting -> live', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), cfg);
    const seen: string[] = [];
    sup.on('status', (s) => seen.push(s));
    sup.start();
    made[0].frame();
    await sleep(300);
    expect(seen.slice(0, 4)).toEqual(['live', 'stale', 'restarting', 'connecting']);
    expect(made[0].stopped).toBe(1);
    made[1].frame();
    expect(sup.status).toBe('live');
    expect(sup.restarts).toBe(1);
    expect(sup.lastError).toMatch(/no frames for 0.2 s/);
    await sup.close();
  });

  const live = { staleAfterS: 2, firstFrameTimeoutS: 20, backoffBaseS: 0.25, backoffCapS: 30, jitter: 0, maxFailures: 20 };

  it('waits for a slow first frame past the stale timeout instead of restarting the source', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), live);
    sup.start();
    await sleep(10_000); // five times the live stale timeout, inside the first-frame one
    expect(made).toHaveLength(1);
    expect(sup.status).toBe('connecting');
    made[0].frame();
    expect(sup.status).toBe('live');
    expect(sup.restarts).toBe(0);
    await sup.close();
  });

  it('restarts a source that delivers no first frame within the first-frame timeout, and counts it', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), live);
    sup.start();
    await sleep(19_000);
    expect(made).toHaveLength(1);
    await sleep(2_000);
    expect(made).toHaveLength(2);
    expect(sup.restarts).toBe(1);
    expect(sup.lastError).toBe('no first frame within 20 s');
    made[1].frame();
    expect(sup.status).toBe('live');
    await sup.close();
  });

  it('restarts a live source that errors exactly once and counts it', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), cfg);
    sup.start();
    made[0].frame();
    made[0].emit('error', new Error('ffmpeg killed by SIGKILL'));
    made[0].emit('error', new Error('ffmpeg killed by SIGKILL'));
    while (made.length < 2) await sleep(10);
    made[1].frame();
    expect(sup.status).toBe('live');
    expect(sup.restarts).toBe(1);
    expect(made[0].stopped).toBe(1);
    await sup.close();
  });

  it('fails after repeated attempts that never deliver a frame', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), cfg);
    sup.start();
    for (let i = 0; i < 3; i++) {
      await sleep(20);
      made.at(-1)!.emit('error', new Error(`boom ${i}`));
      await sleep(cfg.backoffCapS * 1000 + 50);
    }
    expect(sup.status).toBe('failed');
    expect(sup.lastError).toBe('boom 2');
    await sup.close();
  });

  it('backs off exponentially with a cap and jitter', () => {
    const sup = new Supervisor(() => new FakeSource() as unknown as FrameSource, { ...cfg, backoffBaseS: 1, backoffCapS: 8, jitter: 0.5 }, () => 1);
    const s = sup as unknown as { failures: number };
    const delays = [1, 2, 3, 4, 5, 6].map((f) => ((s.failures = f), sup.backoffS()));
    expect(delays).toEqual([1.5, 3, 6, 12, 12, 12]);
  });

  it('ends when a file source ends', async () => {
    const made: FakeSource[] = [];
    const sup = new Supervisor(() => (made.push(new FakeSource()), made.at(-1) as unknown as FrameSource), cfg);
    sup.start();
    made[0].frame();
    made[0].emit('end');
    expect(sup.status).toBe('ended');
    await sleep(300);
    expect(sup.status).toBe('ended');
    await sup.close();
  });
});
