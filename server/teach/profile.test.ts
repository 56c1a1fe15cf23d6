import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../inference/engine.js';
import { engineEmbedder, modelIdentity } from '../embedder.js';
import { MODEL } from '../../test/helpers/cli.js';
import { featureWidth } from './features.js';
import { makeProfile, profileFor, type ModelIdentity } from './fit-profile.js';
import { packTensors, readProfile, unpackFrames, unpackTensors, writeProfile } from './profile.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-profile-'));
const parity = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.parity.json'), 'utf8'));
const bytes = new Uint8Array(Buffer.from(parity.framesBase64, 'base64'));
const crops = Array.from({ length: 8 }, (_, i) => bytes.slice(i * 4800, (i + 1) * 4800));
const labels = ['a4c', 'a4c', 'plax', 'plax', 'none', 'none', 'a2c', 'a2c'];

async function taughtProfile(): Promise<{ engine: Engine; model: ModelIdentity; path: string }> {
  const engine = await Engine.load({ model: MODEL, device: 'cpu' });
  const model = modelIdentity(engine, MODEL);
  const { embeddings } = await engineEmbedder(engine)(crops, 80, 60);
  const dim = model.embeddingDim!;
  const p = await makeProfile('clinic-1', model, crops.map((crop, i) => ({ label: labels[i], crop, embedding: embeddings.subarray(i * dim, (i + 1) * dim) })));
  const path = join(tmp, 'clinic-1.json');
  writeProfile(path, p);
  return { engine, model, path };
}

/** The one-line refusal of reading a file, or null. */
function refusal(path: string): string | null {
  try {
    readProfile(path);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('profiles', () => {
  it('round-trips: what is written is read back with its model, counts, head and the taught frames byte for byte', async () => {
    const { engine, model, path } = await taughtProfile();
    await engine.close();
    const p = readProfile(path);
    expect(p).toMatchObject({ format: 'echolive-profile', version: 1, name: 'clinic-1', model: { name: 'echolive-view', sha256: model.sha256 } });
    expect(p.taught).toEqual({ a4c: 2, plax: 2, none: 2, a2c: 2 });
    expect(p.frames).toMatchObject({ width: 80, height: 60 });
    expect(p.head).toMatchObject({ classes: ['a4c', 'plax', 'none', 'a2c'], dim: featureWidth(model.embeddingDim!) });
    const back = unpackFrames(p, path);
    expect(back.map((f) => f.label).sort()).toEqual([...labels].sort());
    expect(back.find((f) => f.label === 'plax')!.crop).toEqual(crops[2]);
  });

  it('uses a profile as stored for its own model file and refits it from its frames for another one', async () => {
    const { engine, model, path } = await taughtProfile();
    const p = readProfile(path);
    const same = await profileFor(p, path, model, engineEmbedder(engine));
    expect(same.refitted).toBe(false);
    expect(same.profile).toBe(p);
    const other = await profileFor(p, path, { ...model, sha256: 'f'.repeat(64) }, engineEmbedder(engine));
    expect(other.refitted).toBe(true);
    expect(other.profile.model.sha256).toBe('f'.repeat(64));
    expect(other.profile.head.weights).toEqual(p.head.weights); // the same frames through the same network
    // A head fitted on other features (an older profile on the embedding alone) is refitted from its frames too.
    const older = await profileFor({ ...p, head: { ...p.head, dim: model.embeddingDim! } }, path, model, engineEmbedder(engine));
    expect(older.refitted).toBe(true);
    expect(older.profile.head).toEqual(p.head);
    await engine.close();
  });

  it('keeps a fine-tuned profile\'s weights float for float, and refits it on the model as it is where its network cannot run', async () => {
    const { engine, model, path } = await taughtProfile();
    const tensors = new Map([['net.head.1.bias', Float32Array.from({ length: 16 }, (_, i) => i / 7 - 1)]]);
    const tunedPath = join(tmp, 'clinic-1-tuned.json');
    writeProfile(tunedPath, { ...readProfile(path), network: { tensors: packTensors(tensors), tune: { steps: 150, batch: 32, learningRate: 1e-3, trainLast: 3, seed: 1 } } });
    const p = readProfile(tunedPath);
    expect(unpackTensors(p, tunedPath)).toEqual(tensors);
    // Run by its tuned network (`tuned`): as stored. On the model's own embedding (serve): a head refitted without the weights.
    expect(await profileFor(p, tunedPath, model, engineEmbedder(engine), undefined, true)).toMatchObject({ refitted: false, profile: p });
    const plain = await profileFor(p, tunedPath, model, engineEmbedder(engine));
    expect(plain.refitted).toBe(true);
    expect(plain.profile.network).toBeUndefined();
    await engine.close();
  });

  it('refuses, with one line naming the file, a profile for a model without a taught class or without an embedding', async () => {
    const { engine, model, path } = await taughtProfile();
    const p = readProfile(path);
    const embed = engineEmbedder(engine);
    await expect(profileFor(p, path, { ...model, sha256: '0'.repeat(64), classes: model.classes.filter((c) => c !== 'a2c') }, embed))
      .rejects.toThrow(new RegExp(`^${path}: taught classes a2c are not classes of the model 'echolive-view', so the profile cannot be refitted for it$`));
    await expect(profileFor(p, path, { ...model, embeddingDim: null }, embed)).rejects.toThrow(/has no embedding output .* so it cannot be taught$/);
    await engine.close();
  });

  it.each([
    ['a corrupt file', (s: string) => s.slice(0, s.length / 2), /not an echolive profile \(not valid JSON/],
    ['another format', (s: string) => s.replace('echolive-profile', 'something-else'), /not an echolive profile \(format: /],
    ['an unknown class', (s: string) => s.replace('"a2c":2', '"apical-9":2'), /not an echolive profile \(taught\.apical-9: unknown class 'apical-9'/],
    ['frames that are not whole frames', (s: string) => s.replace(/"a4c":"[A-Za-z0-9+/]{8}/, '"a4c":"'), /frames of 'a4c' are not whole 80x60 frames/],
    ['tuned weights that are not whole floats', (s: string) => s.replace(/}$/, ',"network":{"tensors":{"net.head.1.bias":"AAAA"},"tune":{"steps":1,"batch":1,"learningRate":0.001,"trainLast":3,"seed":1}}}'), /tuned weights 'net\.head\.1\.bias' are not whole floats/],
  ])('refuses %s with one line naming it', async (_what, damage, re) => {
    const { engine, path } = await taughtProfile();
    await engine.close();
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, damage(readFileSync(path, 'utf8')));
    const msg = refusal(bad);
    expect(msg).toMatch(re);
    expect(msg).toMatch(new RegExp(`^${bad}: `));
    expect(msg).not.toMatch(/\n/);
  });
});
