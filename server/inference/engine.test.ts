import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parityMaxDiff } from '../../test/helpers/parity.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, providerPlan } from './engine.js';
import { MODEL } from '../../test/helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-engine-'));

describe('inference engine', () => {
  it('gives the same probabilities as PyTorch on the same frames (max abs difference under 1e-4)', async () => {
    expect(await parityMaxDiff(MODEL)).toBeLessThan(1e-4);
  });

  it('runs a batch at the card\'s input size and returns its outputs by role', async () => {
    const e = await Engine.load({ model: MODEL, device: 'cpu' });
    expect(e.input).toMatchObject({ width: 80, height: 60 });
    const out = await e.run(new Float32Array(3 * e.frameSize).fill(0.2), 3);
    expect(Object.keys(out)).toEqual(['probs', 'logits', 'embedding', 'quality']);
    expect(out.probs).toHaveLength(3 * e.classes.length);
    expect(out.quality).toHaveLength(3 * 3);
    expect(Math.min(...out.quality!)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.quality!)).toBeLessThanOrEqual(100);
    expect(out.probs.slice(0, e.classes.length).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(e.classes).toContain('a4c');
    expect(e.classes).toContain('none');
    await e.close();
  });

  it('refuses a model whose card disagrees with the model file', async () => {
    const bad = join(tmp, 'm.onnx');
    copyFileSync(MODEL, bad);
    const card = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
    const v2 = { ...card, outputs: { ...card.outputs, sharpness: { shape: [-1, 1] } } };
    const cases: Array<[object, RegExp]> = [
      [{ ...card, input: { ...card.input, shape: [-1, 1, 64, 64] } }, /model card says input 64x64, the model takes 80x60/],
      [{ ...card, input: { ...card.input, name: 'pixels' } }, /model card says input 'pixels'/],
      [v2, /model card says output 'sharpness', the model has probs, logits, embedding, quality/],
    ];
    for (const [c, re] of cases) {
      writeFileSync(join(tmp, 'm.json'), JSON.stringify(c));
      await expect(Engine.load({ model: bad, device: 'cpu' })).rejects.toThrow(re);
    }
    await expect(Engine.load({ model: join(tmp, 'none.onnx'), device: 'cpu' })).rejects.toThrow(/model file not found/);
  });

  it('picks providers: GPU ones first when a GPU is present, else the CPU, and says why', () => {
    expect(providerPlan('auto', false, ['cpu', 'webgpu'])).toEqual({ order: ['cpu'], why: 'no GPU device found' });
    const gpu = providerPlan('auto', true, ['cpu', 'webgpu']);
    expect(gpu.order).toEqual(['webgpu', 'cpu']);
    expect(gpu.why).toMatch(/cuda and tensorrt provider not installed/);
    expect(providerPlan('cuda', false, ['cpu']).order).toEqual(['cuda']);
  });
});
