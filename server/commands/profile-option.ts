/**
 * `--profile <file>` for the offline commands: the engine with the profile's head on top, refitted if needed. A
 * fine-tuned profile runs its tuned weights in a second engine (re-tuned from its frames for another model file).
 */
import type { Engine } from '../inference/engine.js';
import type { Classifier } from '../pipeline/classifier.js';
import { engineEmbedder, modelIdentity } from '../embedder.js';
import { engineWith, tuneFor } from '../tuned-engine.js';
import { type Profile, readProfile, unpackFrames, unpackTensors } from '../teach/profile.js';
import { profileFor } from '../teach/fit-profile.js';
import { AdaptedClassifier } from '../teach/adapted-classifier.js';

export interface WithProfile {
  classifier: Classifier;
  /** Closes what the profile opened (a tuned engine), not the engine passed in. */
  close: () => Promise<void>;
}

/** The classifier to run: the engine itself without a profile. Says on stderr when the profile was refitted. */
export async function withProfile(engine: Engine, modelPath: string, profilePath: string | undefined): Promise<WithProfile> {
  if (!profilePath) return { classifier: engine, close: async () => {} };
  const p = readProfile(profilePath);
  const model = modelIdentity(engine, modelPath);
  if (p.network) {
    // For another model file the weights are tuned again from the profile's frames, and the head refitted on them.
    const fresh = p.model.sha256 === model.sha256;
    const tensors = fresh ? unpackTensors(p, profilePath) : await retune(p, engine, modelPath);
    const tunedEngine = await engineWith(modelPath, tensors);
    const r = await profileFor(p, profilePath, model, engineEmbedder(tunedEngine), undefined, true);
    if (!fresh) process.stderr.write(`${profilePath}: fitted for another model file; fine-tuned again from its ${r.taught.length} taught frames for ${engine.card.name}\n`);
    return { classifier: new AdaptedClassifier(tunedEngine, r.profile.head), close: () => tunedEngine.close() };
  }
  const r = await profileFor(p, profilePath, model, engineEmbedder(engine));
  if (r.refitted) process.stderr.write(`${profilePath}: fitted for another model file; refitted from its ${r.taught.length} taught frames for ${engine.card.name}\n`);
  return { classifier: new AdaptedClassifier(engine, r.profile.head), close: async () => {} };
}

/** A fine-tuned profile's weights tuned again from its own frames (resized to the engine's input) for the engine's model. */
async function retune(p: Profile, engine: Engine, modelPath: string): Promise<Map<string, Float32Array>> {
  const taught = unpackFrames(p, p.name);
  const { crops } = await engineEmbedder(engine)(taught.map((t) => t.crop), p.frames.width, p.frames.height);
  return (await tuneFor(engine, modelPath, crops, taught.map((t) => t.label), p.network!.tune)).tensors;
}
