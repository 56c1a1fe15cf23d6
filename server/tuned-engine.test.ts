import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from './inference/engine.js';
import { DEFAULT_MODEL } from './config/inference.js';
import { TunedNetworks } from './tuned-engine.js';
import { packFrames } from './pipeline/classifier.js';
import { packTensors } from './teach/profile.js';

describe('the streams\' fine-tuned networks', async () => {
  const base = await Engine.load({ model: DEFAULT_MODEL, device: 'cpu' });
  const idle: Array<() => void> = [];
  const nets = new TunedNetworks(DEFAULT_MODEL, base, (fn) => idle.push(fn), { steps: 5 });
  afterAll(async () => {
    for (const fn of idle) fn();
    await nets.close();
    await base.close();
  });
  const { width, height } = base.input;
  const crops = Array.from({ length: 8 }, (_, i) => Uint8Array.from({ length: width * height }, (_, j) => ((j * (i + 3)) % 251)));
  const input = packFrames(crops, base.frameSize);

  it('runs one engine for every stream with the same weights, and closes it only once the last lets go and no batch is in flight', async () => {
    const classes = base.classes.length;
    // The view head's bias replaced: the same network with other logits.
    const network = { tensors: packTensors(new Map([['net.head.1.bias', new Float32Array(classes).fill(5)]])), tune: { steps: 0, batch: 0, learningRate: 0, trainLast: 0, seed: 0 } };
    const a = await nets.acquire(network, 'test'), b = await nets.acquire(network, 'test');
    expect(b.classifier).toBe(a.classifier);
    const [tuned, plain] = [await a.classifier.run(input, 8), await base.run(input, 8)];
    // Only the bias changed: each class's logit moves by the same amount on every frame, and some move.
    const shift = (f: number, c: number) => tuned.logits![f * classes + c] - plain.logits![f * classes + c];
    for (let c = 0; c < classes; c++) for (let f = 1; f < 8; f++) expect(shift(f, c)).toBeCloseTo(shift(0, c), 3);
    expect(Math.max(...Array.from({ length: classes }, (_, c) => Math.abs(shift(0, c))))).toBeGreaterThan(0.1);
    nets.release(a);
    await new Promise((r) => setImmediate(r));
    expect(idle).toHaveLength(0);
    nets.release(b);
    await new Promise((r) => setImmediate(r));
    expect(idle).toHaveLength(1); // handed to the batcher's idle moment, not closed mid-batch
  });

  it('tunes on a worker thread and gives weights that run', async () => {
    const network = await nets.tune(crops, crops.map((_, i) => (i % 2 ? 'plax' : 'a4c')));
    expect(network.tune).toMatchObject({ steps: 5, trainLast: 3 });
    expect(Object.keys(network.tensors)).toContain('net.head.1.weight');
    const net = await nets.acquire(network, 'tuned');
    const out = await net.classifier.run(input, 8);
    expect(out.probs).toHaveLength(8 * base.classes.length);
    expect((await net.embed(crops.slice(0, 2), width, height)).embeddings).toHaveLength(2 * base.card.outputs.embedding!.shape[1]);
    nets.release(net);
  });
});
