/** `--profile <file>` for the offline commands: the engine with the profile's head on top, refitted if needed. */
import type { Engine } from '../inference/engine.js';
import type { Classifier } from '../pipeline/classifier.js';
import { engineEmbedder, modelIdentity } from '../embedder.js';
import { readProfile } from '../teach/profile.js';
import { profileFor } from '../teach/fit-profile.js';
import { AdaptedClassifier } from '../teach/adapted-classifier.js';

/** The classifier to run: the engine itself without a profile. Says on stderr when the profile was refitted. */
export async function withProfile(engine: Engine, modelPath: string, profilePath: string | undefined): Promise<Classifier> {
  if (!profilePath) return engine;
  const r = await profileFor(readProfile(profilePath), profilePath, modelIdentity(engine, modelPath), engineEmbedder(engine));
  if (r.refitted) process.stderr.write(`${profilePath}: fitted for another model file; refitted from its ${r.taught.length} taught frames for ${engine.card.name}\n`);
  return new AdaptedClassifier(engine, r.profile.head);
}
