import { describe, expect, it } from 'vitest';
import { applyHead, bindHead, fitHead } from './head.js';

const DIM = 8;
const CLASSES = ['plax', 'a4c', 'a2c', 'none'];

/** A unit vector near axis `axis` (a little noise from `seed`). */
function near(axis: number, seed: number): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, j) => (j === axis ? 1 : 0) + 0.08 * Math.sin(seed * 7.1 + j * 3.3));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function stack(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => out.set(r, i * DIM));
  return out;
}

describe('taught head', () => {
  const taught = [0, 1, 2, 3, 4].flatMap((s) => [near(0, s), near(1, s + 10)]);
  const labels = [0, 1, 2, 3, 4].flatMap(() => ['a2c', 'a4c']);
  const head = fitHead(stack(taught), labels, DIM);
  const bound = bindHead(head, CLASSES);

  it('names a taught view the base model got wrong, on a new frame near the taught ones', () => {
    const probs = Float32Array.from([0.9, 0.05, 0.03, 0.02]); // the base model says plax
    const g = applyHead(bound, near(0, 99), 0, probs, 0, 4);
    expect(g).toBeGreaterThan(0.9);
    expect(Array.from(probs).indexOf(Math.max(...probs))).toBe(CLASSES.indexOf('a2c'));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('leaves a frame unlike anything taught to the base model (untaught views fall back)', () => {
    const probs = Float32Array.from([0.9, 0.05, 0.03, 0.02]);
    const g = applyHead(bound, near(5, 3), 0, probs, 0, 4);
    expect(g).toBeLessThan(0.01);
    expect(probs[0]).toBeGreaterThan(0.89);
  });

  it('fits the same head twice from the same frames (deterministic) and records the taught classes', () => {
    expect(fitHead(stack(taught), labels, DIM)).toEqual(head);
    expect(head.classes).toEqual(['a2c', 'a4c']);
    expect(head.weights).toHaveLength(2 * DIM);
  });

  it('weighs every taught class the same, so a view held ten times longer does not crowd out another', () => {
    // Two views whose frames lie close together (cosine about 0.96): 30 frames of one, 3 of the other.
    const mix = (a: number, seed: number) => {
      const v = Float32Array.from({ length: DIM }, (_, j) => (j === 0 ? 1 : j === 1 ? a : 0) + 0.05 * Math.sin(seed * 5.3 + j * 2.1));
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const many = Array.from({ length: 30 }, (_, s) => mix(0, s));
    const few = Array.from({ length: 3 }, (_, s) => mix(0.3, s + 50));
    const b = bindHead(fitHead(stack([...many, ...few]), [...many.map(() => 'a4c'), ...few.map(() => 'a2c')], DIM), CLASSES);
    // New frames of the view taught with 3 frames (without the weighting 4 of these 20 were named a2c).
    const named = Array.from({ length: 20 }, (_, q) => {
      const probs = Float32Array.from([0.25, 0.25, 0.25, 0.25]);
      applyHead(b, mix(0.3, 200 + q), 0, probs, 0, 4);
      return CLASSES[probs.indexOf(Math.max(...probs))];
    });
    expect(named).toEqual(new Array(20).fill('a2c'));
  });

  it('gates on the leading values only (the embedding), whatever the values after them say', () => {
    // Frames of 8 leading values (the embedding) and 8 more (the histograms): the same leading values with
    // other trailing ones must open the gate as wide; a frame whose leading values are unlike the taught
    // ones stays with the base model even when its trailing values match.
    const join = (a: Float32Array, b: Float32Array) => Float32Array.from([...a, ...b]);
    const rows = taught.map((t, i) => join(t, near(i % 2 ? 6 : 7, i)));
    const b = bindHead(fitHead(Float32Array.from(rows.flatMap((r) => [...r])), labels, 2 * DIM, { gateDim: DIM }), CLASSES);
    expect(b.head.means).toHaveLength(2 * DIM);
    const gate = (x: Float32Array) => applyHead(b, x, 0, Float32Array.from([0.25, 0.25, 0.25, 0.25]), 0, 4);
    expect(gate(join(near(0, 99), near(3, 1)))).toBeCloseTo(gate(join(near(0, 99), near(7, 1))), 6);
    expect(gate(join(near(0, 99), near(3, 1)))).toBeGreaterThan(0.9);
    expect(gate(join(near(5, 3), near(7, 1)))).toBeLessThan(0.01);
  });

  it('refuses to bind a head to a model without one of its classes', () => {
    expect(() => bindHead(head, ['plax', 'a4c'])).toThrow(/classes a2c are not the model's/);
  });
});
