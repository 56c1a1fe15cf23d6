import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, MODEL } from './helpers/cli.js';
import { Engine } from '../server/inference/engine.js';
import { classifyInput } from '../server/commands/classify.js';
import { smoothingFigures } from '../server/evaluation/smoothing.js';

describe('temporal smoothing on the phantom tour', () => {
  it('changes view at most once a minute on steady stretches and follows true changes within 0.5 s (median)', async () => {
    const engine = await Engine.load({ model: MODEL, device: 'cpu' });
    const r = await classifyInput(join(FIXTURES, 'tour.mp4'), engine, 10);
    await engine.close();
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'tour.mp4.truth.json'), 'utf8')).frames as Array<{ time: number; label: string | null }>;
    expect(r.perFrame).toHaveLength(truth.length);
    const f = smoothingFigures(truth.map((t) => t.time), truth.map((t) => t.label), r.perFrame.map((p) => p.out.view));
    console.log('smoothing figures on fixtures/tour.mp4:', JSON.stringify(f));
    expect(f.transitions).toBeGreaterThanOrEqual(14);
    expect(f.changesPerMinute).toBeLessThanOrEqual(1);
    expect(f.medianDelay).not.toBeNull();
    expect(f.medianDelay!).toBeLessThan(0.5);
    expect(f.missed).toBe(0);
  });
});

describe('smoothing figures', () => {
  it('counts changes on steady stretches and delays after true changes', () => {
    const times = Array.from({ length: 100 }, (_, i) => i / 10);
    const truth = times.map((t) => (t < 5 ? 'a4c' : 'a2c'));
    const smoothed = times.map((t) => (t < 0.3 ? null : t < 5.2 ? 'a4c' : t > 8 && t < 8.2 ? 'a3c' : 'a2c'));
    const f = smoothingFigures(times, truth, smoothed);
    expect(f.delays).toEqual([0.2]);
    expect(f.changesOnSteady).toBe(2); // the a3c blip in and out
    expect(f.missed).toBe(0);
  });
});
