/**
 * The training kit end to end, small: a phantom set, one epoch, ONNX export with its card, and parity
 * between onnxruntime-node and PyTorch. Needs a Python with torch (CI installs Debian's python3-torch).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/cli.js';
import { parityMaxDiff } from './helpers/parity.js';
import { Engine } from '../server/inference/engine.js';

const hasTorch = ['/usr/bin/python3', 'python3'].some((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
if (!hasTorch) console.warn('training smoke test skipped: no Python with torch (apt-get install python3-torch)');

describe.skipIf(!hasTorch)('training kit (smoke)', () => {
  it('trains one epoch on a tiny phantom set, exports ONNX with a card, and matches PyTorch in onnxruntime-node', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'echolive-train-'));
    // Time limits here only guard against a hang: a busy machine may take many times longer than an idle one.
    expect((await runCli(['dataset', '--count', '1200', '--out', join(tmp, 'data'), '--seed', '5'], 900_000)).code).toBe(0);
    execFileSync('sh', ['training/run.sh', 'train.py', '--data', join(tmp, 'data'), '--name', 'smoke', '--out', join(tmp, 'models'), '--epochs', '1', '--batch', '64', '--threads', '2'], { cwd: ROOT, stdio: 'pipe' });
    const model = join(tmp, 'models', 'smoke.onnx');
    const card = JSON.parse(readFileSync(join(tmp, 'models', 'smoke.json'), 'utf8'));
    expect(card).toMatchObject({ format: 'echolive-model-card', input: { name: 'frames', shape: [-1, 1, 60, 80], layout: 'NCHW', dtype: 'float32' }, noneClass: 'none' });
    expect(card.classes).toHaveLength(16);
    expect(card.training.data.frames).toBe(1200);
    expect(card.limits).toMatch(/not validated on patients/);
    expect(await parityMaxDiff(model)).toBeLessThan(1e-4);
    const e = await Engine.load({ model, device: 'cpu' });
    expect((await e.run(new Float32Array(5 * 4800), 5)).length).toBe(5 * 16); // dynamic batch
    await e.close();
  }, 1_800_000);
});
