/** ORT against the PyTorch outputs a training run wrote beside its model (<name>.parity.json). */
import { readFileSync } from 'node:fs';
import { Engine } from '../../server/inference/engine.js';

export async function parityMaxDiff(model: string): Promise<number> {
  const p = JSON.parse(readFileSync(model.replace(/\.onnx$/, '.parity.json'), 'utf8'));
  const bytes = Buffer.from(p.framesBase64, 'base64');
  const engine = await Engine.load({ model, device: 'cpu' });
  const out = await engine.run(Float32Array.from(bytes, (b) => b / 255), p.shape[0]);
  await engine.close();
  let max = 0;
  (p.probs as number[][]).flat().forEach((v, i) => (max = Math.max(max, Math.abs(v - out[i]))));
  return max;
}
