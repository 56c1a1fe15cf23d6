import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine } from '../../inference/engine.js';
import { packFrames, argmax } from '../../pipeline/classifier.js';
import { MODEL } from '../../../test/helpers/cli.js';
import { readTunable, withWeights } from './onnx-weights.js';
import { chainLogits, tune } from './tuner.js';
import { augmentCrop } from './augment.js';

const bytes = new Uint8Array(readFileSync(MODEL));
const parity = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.parity.json'), 'utf8'));
const pixels = new Uint8Array(Buffer.from(parity.framesBase64, 'base64'));
const crops = Array.from({ length: 8 }, (_, i) => pixels.slice(i * 4800, (i + 1) * 4800));
const CLASSES = 16;

describe('fine-tuning the view network', () => {
  it('reads the shipped model as the kit\'s chain of six convolutions with batch norm and a view head', () => {
    const t = readTunable(bytes, MODEL, CLASSES);
    expect(t.layers.map((l) => l.shape[0])).toEqual([8, 16, 16, 32, 32, 64]);
    expect(t.layers.map((l) => l.pool)).toEqual([true, false, true, false, true, false]);
    expect(t.tensors.get(t.head.weight)).toHaveLength(CLASSES * 64);
  });

  it('computes in TensorFlow.js the logits PyTorch computed for the parity frames', async () => {
    const logits = await chainLogits(readTunable(bytes, MODEL, CLASSES), crops, 80, 60);
    const want: number[] = parity.outputs.logits.flat();
    expect(Math.max(...want.map((v, i) => Math.abs(v - logits[i])))).toBeLessThan(1e-3);
  });

  it('refuses a file that is not the kit\'s network with one line', () => {
    expect(() => readTunable(new TextEncoder().encode('not a model at all'), 'x.onnx', CLASSES)).toThrow(/^x\.onnx: its network cannot be fine-tuned \(.*\); teach it without --fine-tune$/);
  });

  it('tunes the last layers toward the taught labels and replaces only their weights and every batch norm\'s statistics', async () => {
    const t = readTunable(bytes, MODEL, CLASSES);
    // Teach the eight frames as classes the base model does not give them.
    const engine = await Engine.load({ model: MODEL, device: 'cpu' });
    const base = await engine.run(packFrames(crops, engine.frameSize), crops.length);
    const labels = crops.map((_, i) => (argmax(base.probs, i * CLASSES, CLASSES) + 1 + (i % 3)) % CLASSES);
    const r = await tune(t, crops, labels, 80, 60, { steps: 40, seed: 3 });
    expect(r.loss.last).toBeLessThan(r.loss.first);
    const trained = t.layers.slice(-3).flatMap((l) => [l.weight, l.bn.scale, l.bn.bias]);
    const stats = t.layers.flatMap((l) => [l.bn.mean, l.bn.variance]);
    expect([...r.tensors.keys()].sort()).toEqual([...trained, ...stats, t.head.weight, t.head.bias].sort());
    const tuned = await Engine.load({ model: MODEL, device: 'cpu', bytes: withWeights(bytes, r.tensors) });
    const after = await tuned.run(packFrames(crops, tuned.frameSize), crops.length);
    const named = (p: Float32Array) => labels.filter((l, i) => argmax(p, i * CLASSES, CLASSES) === l).length;
    expect(named(base.probs)).toBe(0);
    expect(named(after.probs)).toBeGreaterThanOrEqual(6);
    await Promise.all([engine.close(), tuned.close()]);
  });

  it('leaves a frame as it is when the random changes are all zero, and keeps grey levels in 0-1 otherwise', () => {
    const crop = crops[0];
    const same = augmentCrop(crop, 80, 60, () => 0.5);
    expect(Math.max(...same.map((v, i) => Math.abs(v - crop[i] / 255)))).toBeLessThan(1e-6);
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const moved = augmentCrop(crop, 80, 60, rnd);
    expect(Math.min(...moved)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...moved)).toBeLessThanOrEqual(1);
    expect(moved.some((v, i) => Math.abs(v - crop[i] / 255) > 0.05)).toBe(true);
  });
});
