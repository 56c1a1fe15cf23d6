/**
 * Fine-tuned engines: the model's network tuned on taught frames (teach/tune) and loaded into onnxruntime as a new
 * engine with the same card. Wires inference and the teach stage's tuner, as embedder.ts wires the embedder; used by
 * the offline commands (`teach --fine-tune`, `evaluate --teach k --fine-tune`, `--profile` with tuned weights) and by
 * main.ts, whose one network is a fine-tuned profile's when `serve --profile` gives one.
 */
import { readFileSync } from 'node:fs';
import { Engine } from './inference/engine.js';
import { UserError } from './errors.js';
import { engineEmbedder, modelIdentity } from './embedder.js';
import { profileFrom } from './teach/fit-profile.js';
import { type Profile, modelHash, packTensors, readProfile, unpackTensors } from './teach/profile.js';
import { readTunable, withWeights } from './teach/tune/onnx-weights.js';
import { type TuneOptions, type TuneResult, tune } from './teach/tune/tuner.js';

/** Tune the engine's network on crops at its input size with their class ids; the tuned weights by ONNX name. */
export async function tuneFor(engine: Engine, modelPath: string, crops: Uint8Array[], labels: string[], options: Partial<TuneOptions> = {}): Promise<TuneResult> {
  const t = readTunable(new Uint8Array(readFileSync(modelPath)), modelPath, engine.classes.length);
  const { width, height } = engine.input;
  return tune(t, crops, labels.map((l) => engine.classes.indexOf(l)), width, height, options);
}

/** An engine running the model with some weights replaced (a tuned profile's), on the CPU with the engine's card. */
export function engineWith(modelPath: string, tensors: ReadonlyMap<string, Float32Array>, threads = 1): Promise<Engine> {
  return Engine.load({ model: modelPath, device: 'cpu', threads, bytes: withWeights(new Uint8Array(readFileSync(modelPath)), tensors) });
}

/** A profile whose network is tuned on the crops (at the engine's input size) and whose head sits on the tuned embedding. */
export async function fineTunedProfile(name: string, engine: Engine, modelPath: string, crops: Uint8Array[], labels: string[], options: Partial<TuneOptions> = {}): Promise<Profile> {
  if (!crops.length) throw new UserError(`${name}: nothing taught yet (hold a view first)`);
  const r = await tuneFor(engine, modelPath, crops, labels, options);
  const tuned = await engineWith(modelPath, r.tensors);
  try {
    const profile = await profileFrom(name, modelIdentity(engine, modelPath), engineEmbedder(tuned), crops, labels);
    return { ...profile, network: { tensors: packTensors(r.tensors), tune: r.options } };
  } finally {
    await tuned.close();
  }
}

/**
 * The tuned weights of a fine-tuned profile fitted for this model file, and the network's ONNX bytes with them: what a
 * server runs when that profile adapts every stream (`serve --profile`). Undefined for a profile without weights or
 * for another model file (a head is then refitted on the model as it is).
 */
export function servedNetwork(profilePath: string, modelPath: string): { network: NonNullable<Profile['network']>; bytes: Uint8Array } | undefined {
  const p = readProfile(profilePath);
  if (!p.network || p.model.sha256 !== modelHash(modelPath)) return undefined;
  return { network: p.network, bytes: withWeights(new Uint8Array(readFileSync(modelPath)), unpackTensors(p, profilePath)) };
}
