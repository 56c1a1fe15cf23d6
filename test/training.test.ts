/**
 * The training kit end to end, small: a phantom set, two epochs, ONNX export with a version-2 card (probs,
 * logits, embedding, the quality head trained with the view, an ood rule), parity between onnxruntime-node and PyTorch on every output, and a run
 * stopped after one epoch then resumed from its checkpoint giving the same model. Needs a Python with torch
 * (CI installs Debian's python3-torch).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/cli.js';
import { parityMaxDiff } from './helpers/parity.js';
import { Engine } from '../server/inference/engine.js';

const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const hasTorch = python !== undefined;
if (!hasTorch) console.warn('training smoke test skipped: no Python with torch (apt-get install python3-torch)');

const tmp = mkdtempSync(join(tmpdir(), 'echolive-train-'));
const train = (out: string, ...extra: string[]) =>
  execFileSync('sh', ['training/run.sh', 'train.py', '--data', join(tmp, 'data'), '--name', 'smoke', '--out', out, '--epochs', '2', '--batch', '64', '--threads', '2', '--device', 'cpu', ...extra], { cwd: ROOT, stdio: 'pipe' });
const parity = (dir: string) => JSON.parse(readFileSync(join(dir, 'smoke.parity.json'), 'utf8'));

describe.skipIf(!hasTorch)('training kit (smoke)', () => {
  it('trains on a tiny phantom set, exports ONNX with a version-2 card, and matches PyTorch on every output', async () => {
    // Time limits here only guard against a hang: a busy machine may take many times longer than an idle one.
    expect((await runCli(['dataset', '--count', '1200', '--out', join(tmp, 'data'), '--seed', '5'], 900_000)).code).toBe(0);
    const dir = join(tmp, 'full');
    train(dir);
    const model = join(dir, 'smoke.onnx');
    const card = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8'));
    expect(card).toMatchObject({
      format: 'echolive-model-card', version: 2, noneClass: 'none',
      input: { name: 'frames', shape: [-1, 1, 60, 80], layout: 'NCHW', dtype: 'float32' },
      outputs: { probs: { shape: [-1, 16] }, logits: { shape: [-1, 16] }, embedding: { shape: [-1, 496] }, quality: { shape: [-1, 3], checkedOnReal: false } },
      ood: { score: 'energy', direction: 'above', percentile: 95 },
    });
    expect(card.classes).toHaveLength(16);
    expect(card.training.data.frames).toBe(1200);
    expect(card.limits).toMatch(/not validated on patients/);
    expect(card.outputs.quality.trained.heldOutSubjects.frames).toBeGreaterThan(0);
    expect(Object.keys(parity(dir).outputs)).toEqual(['probs', 'logits', 'embedding', 'quality']);
    expect(await parityMaxDiff(model)).toBeLessThan(1e-4);
    const e = await Engine.load({ model, device: 'cpu' });
    const out = await e.run(new Float32Array(5 * e.frameSize), 5); // dynamic batch
    expect([out.probs.length, out.logits.length, out.embedding.length, out.quality!.length]).toEqual([5 * 16, 5 * 16, 5 * 496, 5 * 3]);
    expect(Math.min(...out.quality!)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.quality!)).toBeLessThanOrEqual(100);
    expect(Math.hypot(...out.embedding.slice(0, 496))).toBeCloseTo(1, 4);
    expect(e.card.ood).toMatchObject({ score: 'energy', direction: 'above' });
    await e.close();
  }, 1_800_000);

  it('trains the network with one convolution in its first block and a weighted view, records both in the card, and matches PyTorch', async () => {
    const dir = join(tmp, 'stem1');
    train(dir, '--stem-convs', '1', '--epochs', '1', '--class-weight', 'a5c=1.5');
    const card = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8'));
    expect(card.architecture).toMatchObject({ blocks: [8, 16, 32], convsPerBlock: [1, 2, 2], head: 64 });
    expect(card.training.classWeights).toEqual({ a5c: 1.5 });
    expect(await parityMaxDiff(join(dir, 'smoke.onnx'))).toBeLessThan(1e-4);
  }, 1_800_000);

  it.each([['a5c', 'expected CLASS=WEIGHT'], ['a6c=2', 'not a class of this dataset']])('refuses --class-weight %s with one line', (spec, reason) => {
    const r = spawnSync('sh', ['training/run.sh', 'train.py', '--data', join(tmp, 'data'), '--out', join(tmp, 'refused'), '--epochs', '1', '--threads', '1', '--class-weight', spec], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).not.toMatch(/Traceback/);
  }, 600_000);

  it('cuts Doppler and M-mode frames to the time display below their 2D image, and leaves 2D views whole', () => {
    // top 30% of each frame dark (where the small 2D image sits), the display below bright; every eligible frame cut
    const out = execFileSync(python!, ['-c', `
import torch, augment
x = torch.zeros(4, 1, 60, 80); x[:, :, 18:] = 1
augment.display_only(x, torch.tensor([0, 1, 2, 3]), ['a4c', 'pw', 'cw', 'mmode'], torch.Generator().manual_seed(1), 1.0)
print(x[0].min().item(), x[0].mean().item(), x[1:].min().item(), *x.shape)`], { cwd: join(ROOT, 'training'), encoding: 'utf8' });
    const [a4cMin, a4cMean, cutMin, ...shape] = out.trim().split(' ').map(Number);
    expect([a4cMin, a4cMean]).toEqual([0, expect.closeTo(0.7, 5)]);
    expect(cutMin).toBe(1);
    expect(shape).toEqual([4, 1, 60, 80]);
  }, 120_000);

  it('stops after an epoch keeping a checkpoint, then resumes to the same model as an uninterrupted run', () => {
    const dir = join(tmp, 'resumed');
    train(dir, '--stop-after', '1');
    expect(existsSync(join(dir, 'smoke.ckpt.pt'))).toBe(true);
    expect(existsSync(join(dir, 'smoke.onnx'))).toBe(false);
    train(dir, '--resume');
    const [a, b] = [parity(join(tmp, 'full')).outputs.logits.flat(), parity(dir).outputs.logits.flat()];
    expect(Math.max(...a.map((v: number, i: number) => Math.abs(v - b[i])))).toBeLessThan(1e-5);
  }, 1_800_000);
});
