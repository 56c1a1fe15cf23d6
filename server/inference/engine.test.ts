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

  it('classifies a batch into probabilities over the card classes', async () => {
    const e = await Engine.load({ model: MODEL, device: 'cpu' });
    const out = await e.run(new Float32Array(3 * 4800).fill(0.2), 3);
    expect(out).toHaveLength(3 * e.classes.length);
    const sum = out.slice(0, e.classes.length).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 4);
    expect(e.classes).toContain('a4c');
    expect(e.classes).toContain('none');
    await e.close();
  });

  it('refuses a model whose card disagrees with what the server feeds', async () => {
    const bad = join(tmp, 'm.onnx');
    copyFileSync(MODEL, bad);
    const card = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
    writeFileSync(join(tmp, 'm.json'), JSON.stringify({ ...card, input: { ...card.input, shape: [-1, 1, 64, 64] } }));
    await expect(Engine.load({ model: bad, device: 'cpu' })).rejects.toThrow(/input is 64x64, this server feeds 80x60/);
    writeFileSync(join(tmp, 'm.json'), JSON.stringify({ ...card, classes: [...card.classes.slice(1), 'apical-9'] }));
    await expect(Engine.load({ model: bad, device: 'cpu' })).rejects.toThrow(/unknown class ids apical-9/);
    writeFileSync(join(tmp, 'm.json'), JSON.stringify({ ...card, input: { ...card.input, name: 'pixels' } }));
    await expect(Engine.load({ model: bad, device: 'cpu' })).rejects.toThrow(/model card says input 'pixels'/);
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
