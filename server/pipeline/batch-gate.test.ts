import { describe, expect, it } from 'vitest';
import { BatchGate } from './batch-gate.js';

/** A gate (3 frames, 3 ms) that has seen a frame every `everyMs` for 100 ms. */
function fed(everyMs: number, maxWaitMs = 3): BatchGate {
  const gate = new BatchGate({ target: 3, maxWaitMs });
  for (let t = 0; t <= 100; t += everyMs) gate.arrive(t);
  return gate;
}

describe('batch gate', () => {
  it('runs a batch at once while frames arrive too slowly to fill it in time', () => {
    expect(fed(2).wait(1, 0)).toBe(0); // a frame every 2 ms: two more take 4 ms
  });

  it('waits for the frames that fill the batch when they arrive fast, and no longer', () => {
    const gate = fed(1);
    expect(gate.wait(1, 0)).toBeCloseTo(2);
    expect(gate.wait(2, 0)).toBeCloseTo(1);
    expect(gate.wait(3, 0)).toBe(0);
  });

  it('never keeps a frame waiting longer than the most it may wait in all', () => {
    const gate = fed(1.4);
    expect(gate.wait(1, 1)).toBeCloseTo(2);
    expect(gate.wait(1, 2.5)).toBeCloseTo(0.5);
    expect(gate.wait(1, 3)).toBe(0);
  });

  it('never waits with a zero wait, nor before it knows how fast frames come', () => {
    expect(fed(0.1, 0).wait(1, 0)).toBe(0);
    const fresh = new BatchGate({ target: 3, maxWaitMs: 3 });
    fresh.arrive(0);
    expect(fresh.wait(1, 0)).toBe(0);
  });
});
