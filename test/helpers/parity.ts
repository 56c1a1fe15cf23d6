/**
 * ORT against the PyTorch outputs a training run wrote beside its model (<name>.parity.json): the largest
 * difference over every output (absolute within +-1, relative beyond). Version-2 parity files hold `outputs` by role (and must cover every
 * output the card declares); older ones hold `probs` only, and then only `probs` is compared (the shipped model's
 * logits and embedding were added to its graph after export: test/embedding-output.test.ts checks them).
 */
import { readFileSync } from 'node:fs';
import { Engine } from '../../server/inference/engine.js';

export async function parityMaxDiff(model: string): Promise<number> {
  const p = JSON.parse(readFileSync(model.replace(/\.onnx$/, '.parity.json'), 'utf8'));
  const expected: Record<string, number[][]> = p.outputs ?? { probs: p.probs };
  const bytes = Buffer.from(p.framesBase64, 'base64');
  const engine = await Engine.load({ model, device: 'cpu' });
  const out = await engine.run(Float32Array.from(bytes, (b) => b / 255), p.shape[0]);
  await engine.close();
  const uncovered = p.outputs ? Object.keys(out).filter((role) => !(role in expected)) : [];
  if (uncovered.length) throw new Error(`parity file has no ${uncovered.join(', ')}`);
  let max = 0;
  // Absolute difference for values within +-1 (probabilities, the embedding, most logits), relative beyond, where
  // float32 keeps a fixed share of digits (the 0-100 quality: 1e-4 absolute there would ask for 1e-6 relative).
  for (const [role, rows] of Object.entries(expected)) rows.flat().forEach((v, i) => (max = Math.max(max, Math.abs(v - out[role][i]) / Math.max(1, Math.abs(v)))));
  return max;
}
