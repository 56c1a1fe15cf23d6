import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeachHub } from './teach-hub.js';
import { StreamTeacher } from './stream-teacher.js';
import { type ModelIdentity, makeProfile } from './fit-profile.js';
import { readProfile, writeProfile } from './profile.js';
import type { Networks, TunedNet } from './networks.js';

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

  it('loads a profile fine-tuned for another model file with a head refitted on its frames, and says how to tune this one', async () => {
    const d = dir();
    const p = await makeProfile('cart', { ...model, sha256: 'b'.repeat(64) }, fourFrames());
    writeProfile(join(d, 'cart.json'), { ...p, network: NETWORK });
    const nets = fakeNetworks();
    const hub = new TeachHub(model, embed, d, undefined, nets);
    const t = teacher();
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'load', name: 'cart' }, t)).toMatchObject({
      note: 'loaded cart (fine-tuned for another model file: a head refitted on its 4 frames; Fine-tune tunes this one on them)', profile: 'cart', counts: { plax: 2, a4c: 2 }, tuned: false,
    });
    expect(nets.held()).toBe(0);
  });

  it('fine-tunes the network on the taught frames and runs the stream on it, one tuning at a time, and gives the network back on reset', async () => {
    const nets = fakeNetworks();
    const hub = new TeachHub(model, embed, dir(), undefined, nets);
    const t = teacher(), u = teacher();
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'tune' }, t)).toEqual({ type: 'error', error: 'unsaved: nothing taught yet (hold a view first)' });
    await hub.handle({ type: 'teach', stream: 's1', action: 'start', view: 'plax' }, t);
    for (let i = 0; i < 3; i++) t.offer(new Uint8Array(64).fill(i), Float32Array.from([1, 0, 0, 0]), true);
    const tuning = hub.handle({ type: 'teach', stream: 's1', action: 'tune' }, t);
    expect(await hub.handle({ type: 'teach', stream: 's2', action: 'status' }, u)).toMatchObject({ tuning: false, tuned: false });
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'status' }, t)).toMatchObject({ tuning: true, tuned: false });
    expect(await hub.handle({ type: 'teach', stream: 's2', action: 'tune' }, u)).toMatchObject({ type: 'error', error: expect.stringMatching(/^the network is already being fine-tuned for s1; one at a time/) });
    nets.finish();
    expect(await tuning).toMatchObject({ profile: 'unsaved', tuned: true, tuning: false, note: expect.stringMatching(/^fine-tuned the network on 3 frames in \d+ s and applied it$/) });
    expect(nets.tuned).toEqual([['plax', 'plax', 'plax']]);
    expect(t.network?.network).toEqual(NETWORK);
    expect(nets.held()).toBe(1);
    await hub.handle({ type: 'teach', stream: 's1', action: 'apply' }, t); // a new head on the same network
    expect(t.network?.network).toEqual(NETWORK);
    expect(nets.held()).toBe(1);
    expect(await hub.handle({ type: 'teach', stream: 's1', action: 'reset' }, t)).toMatchObject({ profile: null, tuned: false });
    expect(t.network).toBeNull();
    expect(nets.held()).toBe(0);
  });

  it('saves a fine-tuned stream with its network, and loading it for this model runs that network without refitting', async () => {
    const d = dir();
    const nets = fakeNetworks();
    const hub = new TeachHub(model, embed, d, undefined, nets);
    const t = teacher();
    await hub.handle({ type: 'teach', stream: 's1', action: 'start', view: 'a4c' }, t);
    for (let i = 0; i < 2; i++) t.offer(new Uint8Array(64).fill(i), Float32Array.from([0, 1, 0, 0]), true);
    const tuning = hub.handle({ type: 'teach', stream: 's1', action: 'tune' }, t);
    nets.finish();
    await tuning;
    await hub.handle({ type: 'teach', stream: 's1', action: 'save', name: 'deep-1' }, t);
    expect(readProfile(join(d, 'deep-1.json')).network).toEqual(NETWORK);
    const u = teacher();
    expect(await hub.handle({ type: 'teach', stream: 's2', action: 'load', name: 'deep-1' }, u)).toMatchObject({ note: 'loaded deep-1 with its fine-tuned network', tuned: true, counts: { a4c: 2 } });
    expect(nets.held()).toBe(2); // one network, run by two streams
  });
});

const NETWORK = { tensors: { w: 'AACAPw==' }, tune: { steps: 150, batch: 32, learningRate: 1e-3, trainLast: 3, seed: 1 } };
const teacher = () => new StreamTeacher(CLASSES, model.input, { everyNth: 1, maxFramesPerClass: 10 });
const fourFrames = () => ['plax', 'plax', 'a4c', 'a4c'].map((label, i) => ({ label, crop: new Uint8Array(64).fill(i * 40), embedding: Float32Array.from([i < 2 ? 1 : 0, i < 2 ? 0 : 1, 0, 0]) }));

/** Networks that tune when told to (`finish`) and count the references held. */
function fakeNetworks(): Networks & { finish(): void; held(): number; tuned: string[][] } {
  let done: (() => void) | null = null;
  let held = 0;
  const tuned: string[][] = [];
  const net: TunedNet = { network: NETWORK, classifier: { classes: CLASSES, input: model.input, run: async (_x, n) => ({ probs: new Float32Array(n * 3) }) }, embed };
  return {
    tuned,
    tune: (_crops, labels) => new Promise((resolve) => (done = () => (tuned.push(labels), resolve(NETWORK)))),
    acquire: async (network) => (expect(network).toEqual(NETWORK), held++, net),
    release: () => void held--,
    finish: () => done!(),
    held: () => held,
  };
}
