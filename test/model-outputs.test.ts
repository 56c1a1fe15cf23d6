import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from '../server/inference/engine.js';
import { MODEL } from './helpers/cli.js';
import { parityMaxDiff } from './helpers/parity.js';

const card = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
const parity = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.parity.json'), 'utf8'));
const frames = Float32Array.from(Buffer.from(parity.framesBase64, 'base64'), (b) => b / 255);
const n: number = parity.shape[0];

describe('the shipped model\'s outputs', () => {
  it('gives the values PyTorch gave on every output (max abs difference under 1e-4)', async () => {
    expect(await parityMaxDiff(MODEL)).toBeLessThan(1e-4);
  });

  it('gives logits whose softmax at the card\'s temperature is its probabilities', async () => {
    const e = await Engine.load({ model: MODEL, device: 'cpu' });
    const { probs, logits } = await e.run(frames, n);
    await e.close();
    const k = e.classes.length, t = card.calibration.temperature;
    for (let i = 0; i < n; i++) {
      const row = Array.from(logits.subarray(i * k, (i + 1) * k), (v) => v / t);
      const max = Math.max(...row);
      const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
      row.forEach((v, c) => expect(Math.abs(Math.exp(v - max) / sum - probs[i * k + c])).toBeLessThan(1e-3));
    }
  });

  it('gives an L2-normalised embedding of the card\'s width for every frame, different between views', async () => {
    const e = await Engine.load({ model: MODEL, device: 'cpu' });
    const { embedding } = await e.run(frames, n);
    await e.close();
    const d = e.card.outputs.embedding.shape[1];
    expect(d).toBe(496); // the multi-scale descriptor of a width-8 network (training/model.py)
    expect(embedding).toHaveLength(n * d);
    const rows = Array.from({ length: n }, (_, i) => embedding.subarray(i * d, (i + 1) * d));
    for (const r of rows) expect(Math.hypot(...r)).toBeCloseTo(1, 5);
    const dot = rows[0].reduce((a, v, j) => a + v * rows[n - 1][j], 0);
    expect(dot).toBeLessThan(0.9999); // two different frames do not collapse onto one point
  });
});
