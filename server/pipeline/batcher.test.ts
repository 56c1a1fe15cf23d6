import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { Batcher, serveOrder } from './batcher.js';
import { Stream } from './stream.js';
import type { Classifier } from './classifier.js';
import type { Supervisor } from './supervisor.js';
import { temporalDefaults } from '../config/temporal.js';
import { BatchGate } from './batch-gate.js';

const CLASSES = ['a4c', 'none'];

describe('batch order', () => {
  it('serves selected streams first, then the others from a rotating start', () => {
    const s = ['a', 'b', 'c', 'd'].map((id) => ({ id, selected: id === 'c' }));
    expect(serveOrder(s, 0).map((x) => x.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(serveOrder(s, 1).map((x) => x.id)).toEqual(['c', 'b', 'd', 'a']);
    expect(serveOrder(s, 5).map((x) => x.id)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('over capacity', () => {
  it('the selected stream keeps every frame and the others lose frames evenly', async () => {
    // A model that takes one batch of at most 2 frames per tick while 4 streams deliver a frame each tick.
    let release: (() => void) | null = null;
    const engine: Classifier = {
      input: { width: 2, height: 1 },
      classes: CLASSES,
      run: (_x, n) => new Promise((resolve) => (release = () => resolve({ probs: new Float32Array(n * 2).fill(0.5) }))),
    };
    const sups = Array.from({ length: 4 }, () => Object.assign(new EventEmitter(), { status: 'live', restarts: 0, lastError: null, stderrTail: () => [], current: null }));
    const streams: Stream[] = [];
    const batcher = new Batcher(engine, () => streams, 2, (e) => { throw e; });
    sups.forEach((sup, i) => streams.push(new Stream({
      info: { id: `s${i + 1}`, source: 'test', kind: 'video', interactive: false, preview: false },
      supervisor: sup as unknown as Supervisor, classes: CLASSES, ood: null, temporal: temporalDefaults,
      crop: () => new Uint8Array([1, 2]), queueFrames: 3, showQuality: false, onPending: () => batcher.notify(), publish: () => {},
    })));
    streams[2].selected = true;
    for (let tick = 0; tick < 300; tick++) {
      sups.forEach((sup, i) => sup.emit('frame', { data: new Uint8Array(2), width: 2, height: 1, index: tick, mediaTime: tick / 30, captureTime: tick * 33 + i }));
      await new Promise((r) => setImmediate(r)); // the batcher starts a batch
      (release as (() => void) | null)?.();
      release = null;
      await new Promise((r) => setImmediate(r)); // it completes
    }
    expect(streams[2].dropped).toBe(0);
    const others = [0, 1, 3].map((i) => streams[i].processed);
    expect(Math.min(...others)).toBeGreaterThan(0);
    expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(0.1 * Math.max(...others));
  });

  it('smooths every waiting frame of a stream but publishes only the newest of them', async () => {
    const engine: Classifier = { input: { width: 2, height: 1 }, classes: CLASSES, run: async (_x, n) => ({ probs: new Float32Array(n * 2).fill(0.5) }) };
    const sup = Object.assign(new EventEmitter(), { status: 'live', restarts: 0, lastError: null, stderrTail: () => [], current: null });
    const published: Array<string | null | undefined> = [];
    const streams: Stream[] = [];
    const batcher = new Batcher(engine, () => streams, 8, (e) => { throw e; });
    streams.push(new Stream({
      info: { id: 's1', source: 'test', kind: 'video', interactive: false, preview: false },
      supervisor: sup as unknown as Supervisor, classes: CLASSES, ood: null, temporal: temporalDefaults,
      crop: () => new Uint8Array([1, 2]), queueFrames: 3, showQuality: false, onPending: () => {}, publish: (m) => published.push(m.truth),
    }));
    // The phantom's truth field tells the frames apart in the published state.
    for (let k = 0; k < 3; k++) sup.emit('frame', { data: new Uint8Array(2), width: 2, height: 1, index: k, mediaTime: k / 30, captureTime: 1000 + k * 33, truth: `frame ${k}` });
    batcher.notify();
    while (streams[0].processed < 3) await new Promise((r) => setImmediate(r));
    expect(published).toEqual(['frame 2']);
  });
});


describe('gathering', () => {
  it('runs a lone frame at once, then lets frames arriving fast fill a batch, and none waits past the limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
    try {
      const sizes: number[] = [];
      const engine: Classifier = { input: { width: 2, height: 1 }, classes: CLASSES, run: async (_x, n) => (sizes.push(n), { probs: new Float32Array(n * 2).fill(0.5) }) };
      const sups = Array.from({ length: 3 }, () => Object.assign(new EventEmitter(), { status: 'live', restarts: 0, lastError: null, stderrTail: () => [], current: null }));
      const streams: Stream[] = [];
      const batcher = new Batcher(engine, () => streams, 8, (e) => { throw e; }, new BatchGate({ target: 3, maxWaitMs: 3 }));
      sups.forEach((sup, i) => streams.push(new Stream({
        info: { id: `s${i + 1}`, source: 'test', kind: 'video', interactive: false, preview: false },
        supervisor: sup as unknown as Supervisor, classes: CLASSES, ood: null, temporal: temporalDefaults,
        crop: () => new Uint8Array([1, 2]), queueFrames: 3, showQuality: false, onPending: () => batcher.notify(), publish: () => {},
      })));
      let index = 0;
      const frame = (i: number) => sups[i].emit('frame', { data: new Uint8Array(2), width: 2, height: 1, index: index++, mediaTime: 0, captureTime: performance.now() });
      frame(0); // nothing known about the rate yet: runs at once
      await vi.advanceTimersByTimeAsync(0.5);
      expect(sizes).toEqual([1]);
      // A frame every 0.5 ms: the next three run as one batch, as soon as the third is there.
      for (const i of [0, 1, 2]) {
        frame(i);
        await vi.advanceTimersByTimeAsync(0.5);
      }
      expect(sizes).toEqual([1, 3]);
      // A last frame alone waits for company at most 3 ms (and the timers' 1-ms steps).
      frame(1);
      await vi.advanceTimersByTimeAsync(2.5);
      expect(sizes).toEqual([1, 3]);
      await vi.advanceTimersByTimeAsync(1.5);
      expect(sizes).toEqual([1, 3, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('streams with their own networks', () => {
  it('runs each stream through its own network, never mixes two networks in one batch, and waits for a batch in flight before closing one', async () => {
    const batches: Array<[string, number]> = [];
    let release: (() => void) | null = null;
    const net = (name: string): Classifier => ({
      input: { width: 2, height: 1 }, classes: CLASSES,
      run: (_x, n) => new Promise((resolve) => {
        batches.push([name, n]);
        release = () => resolve({ probs: new Float32Array(n * 2).fill(0.5) });
      }),
    });
    const base = net('base'), tuned = net('tuned');
    const sups = Array.from({ length: 3 }, () => Object.assign(new EventEmitter(), { status: 'live', restarts: 0, lastError: null, stderrTail: () => [], current: null }));
    const streams: Stream[] = [];
    const batcher = new Batcher(base, () => streams, 8, (e) => { throw e; }, null, (s) => (s.id === 's2' ? tuned : null));
    sups.forEach((sup, i) => streams.push(new Stream({
      info: { id: `s${i + 1}`, source: 'test', kind: 'video', interactive: false, preview: false },
      supervisor: sup as unknown as Supervisor, classes: CLASSES, ood: null, temporal: temporalDefaults,
      crop: () => new Uint8Array([1, 2]), queueFrames: 3, showQuality: false, onPending: () => {}, publish: () => {},
    })));
    sups.forEach((sup, i) => sup.emit('frame', { data: new Uint8Array(2), width: 2, height: 1, index: 0, mediaTime: 0, captureTime: i }));
    batcher.notify();
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['base', 2]]); // s1 and s3 together; s2's frame waits for its network
    const closed: string[] = [];
    batcher.whenIdle(() => closed.push('tuned'));
    expect(closed).toEqual([]); // a batch is in flight
    (release as unknown as () => void)();
    while (batches.length < 2) await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['base', 2], ['tuned', 1]]);
    (release as unknown as () => void)();
    while (streams[1].processed < 1) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(['tuned']);
    batcher.whenIdle(() => closed.push('now'));
    expect(closed).toEqual(['tuned', 'now']);
  });
});
