import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeachHub } from './teach-hub.js';
import { StreamTeacher } from './stream-teacher.js';
import { type ModelIdentity, makeProfile } from './fit-profile.js';
import { writeProfile } from './profile.js';

const CLASSES = ['plax', 'a4c', 'none'];
const model: ModelIdentity = { name: 'm', sha256: 'a'.repeat(64), classes: CLASSES, input: { width: 8, height: 8 }, embeddingDim: 4 };
const embed = async (crops: Uint8Array[]) => ({ crops, embeddings: new Float32Array(crops.length * 4).fill(0.5) });
const dir = () => mkdtempSync(join(tmpdir(), 'echolive-hub-'));

describe('teach hub', () => {
  it('refuses to start teaching on a model without an embedding, in one line, and keeps nothing', async () => {
    const hub = new TeachHub({ ...model, embeddingDim: null }, embed, dir());
    const t = new StreamTeacher(CLASSES, model.input, { everyNth: 1, maxFramesPerClass: 10 });
    const r = await hub.handle({ type: 'teach', stream: 's1', action: 'start', view: 'plax' }, t);
    expect(r).toEqual({ type: 'error', error: "s1: the model 'm' has no embedding output (its card declares none), so it cannot be taught" });
    expect(t.session.holding).toBeNull();
  });

  it('keeps every n-th usable frame while held and says so in the stream state', async () => {
    const hub = new TeachHub(model, embed, dir());
    const t = new StreamTeacher(CLASSES, model.input, { everyNth: 2, maxFramesPerClass: 10 });
    await hub.handle({ type: 'teach', stream: 's1', action: 'start', view: 'a4c' }, t);
    const e = Float32Array.from([1, 0, 0, 0]);
    for (let i = 0; i < 6; i++) t.offer(new Uint8Array(64), e, true);
    t.offer(new Uint8Array(64), e, false); // blank or frozen: never kept
    expect(t.stateFields()).toEqual({ teaching: { view: 'a4c', kept: 3 } });
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'stop' }, t)).toMatchObject({ counts: { a4c: 3 }, singleHold: ['a4c'], holding: null, changed: true });
  });

  it('says in every status and on apply which views were taught in one hold only, since several patients teach a view better', async () => {
    const hub = new TeachHub(model, embed, dir());
    const t = new StreamTeacher(CLASSES, model.input, { everyNth: 1, maxFramesPerClass: 10 });
    const hold = async (view: string, frames: number) => {
      await hub.handle({ type: 'teach', stream: 's1', action: 'start', view }, t);
      for (let i = 0; i < frames; i++) t.offer(new Uint8Array(64), Float32Array.from([view === 'plax' ? 1 : 0, view === 'a4c' ? 1 : 0, 0, 0]), true);
      await hub.handle({ type: 'teach', stream: 's1', action: 'stop' }, t);
    };
    await hold('plax', 3);
    await hold('a4c', 2);
    await hold('a4c', 2);
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'apply' }, t)).toMatchObject({
      note: 'applied 7 frames; plax from one hold only: teaching it again on another patient helps', singleHold: ['plax'],
    });
    await hold('plax', 2);
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'apply' }, t)).toMatchObject({ note: 'applied 9 frames', singleHold: [] });
  });

  it('loads a fine-tuned profile whose network the server does not run with a head refitted on its frames, and says where its network runs', async () => {
    const d = dir();
    const taught = ['plax', 'plax', 'a4c', 'a4c'].map((label, i) => ({ label, crop: new Uint8Array(64).fill(i * 40), embedding: Float32Array.from([i < 2 ? 1 : 0, i < 2 ? 0 : 1, 0, 0]) }));
    const p = await makeProfile('cart', model, taught);
    writeProfile(join(d, 'cart.json'), { ...p, network: { tensors: { w: 'AACAPw==' }, tune: { steps: 150, batch: 32, learningRate: 1e-3, trainLast: 3, seed: 1 } } });
    const hub = new TeachHub(model, embed, d);
    const t = new StreamTeacher(CLASSES, model.input, { everyNth: 1, maxFramesPerClass: 10 });
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'load', name: 'cart' }, t)).toMatchObject({
      note: 'loaded cart (its fine-tuned network runs with serve --profile, classify and evaluate; a head refitted on its 4 frames)', profile: 'cart', counts: { plax: 2, a4c: 2 },
    });
  });
});
