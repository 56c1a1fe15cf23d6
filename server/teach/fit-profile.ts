/**
 * Profiles and models: fitting a profile from taught frames, and making a stored profile fit the model in use
 * (as is when it was fitted for this very file on today's features, refitted from its own frames when the model
 * or the features changed, refused with one line when it cannot be).
 */
import { UserError } from '../errors.js';
import { featureWidth, teachFeatures } from './features.js';
import { fitInThread, type HeadFitter } from './head-fitter.js';
import { PROFILE_FORMAT, PROFILE_VERSION, type Profile, packClassFrames, unpackFrames } from './profile.js';

/** What a profile needs to know of the model in use. */
export interface ModelIdentity {
  /** The card's name. */
  name: string;
  /** SHA-256 of the ONNX file (profile.ts modelHash). */
  sha256: string;
  classes: string[];
  input: { width: number; height: number };
  /** Width of the model's `embedding` output, or null when the card declares none. */
  embeddingDim: number | null;
}

/** Crops at any size to the model's input size and their embeddings (n x dim), by running the model. */
export type Embed = (crops: Uint8Array[], width: number, height: number) => Promise<{ crops: Uint8Array[]; embeddings: Float32Array }>;

/** One taught frame: its class, its crop at the model's input size, its embedding. */
export interface Taught {
  label: string;
  crop: Uint8Array;
  embedding: Float32Array;
}

/** The one-line refusal when a model cannot take profiles at all. */
export function needsEmbedding(model: ModelIdentity, what: string): number {
  if (model.embeddingDim === null) throw new UserError(`${what}: the model '${model.name}' has no embedding output (its card declares none), so it cannot be taught`);
  return model.embeddingDim;
}

/** Fit a profile from taught frames (at least one) with `fit`. Throws UserError when nothing was taught. */
export async function makeProfile(name: string, model: ModelIdentity, taught: readonly Taught[], fit: HeadFitter = fitInThread, now = new Date()): Promise<Profile> {
  const dim = needsEmbedding(model, name);
  if (!taught.length) throw new UserError(`${name}: nothing taught yet (hold a view first)`);
  const fw = featureWidth(dim), { width, height } = model.input;
  const features = new Float32Array(taught.length * fw);
  taught.forEach((t, i) => teachFeatures(t.embedding, 0, dim, t.crop, 0, width, height, features, i * fw));
  const labels = taught.map((t) => t.label);
  const head = await fit(features, labels, fw, dim);
  const byClass: Record<string, Uint8Array[]> = {};
  for (const t of taught) (byClass[t.label] ??= []).push(t.crop);
  return {
    format: PROFILE_FORMAT, version: PROFILE_VERSION, name,
    model: { name: model.name, sha256: model.sha256 },
    classes: model.classes,
    taught: Object.fromEntries(Object.entries(byClass).map(([c, f]) => [c, f.length])),
    fittedAt: now.toISOString(),
    frames: { ...model.input, byClass: Object.fromEntries(Object.entries(byClass).map(([c, f]) => [c, packClassFrames(f)])) },
    head,
  };
}

/** A profile fitted on crops (at any size) with their class ids, each embedded by `embed`. */
export async function profileFrom(name: string, model: ModelIdentity, embed: Embed, crops: Uint8Array[], labels: string[], fit: HeadFitter = fitInThread): Promise<Profile> {
  const { width, height } = model.input;
  const { crops: sized, embeddings } = await embed(crops, width, height);
  const dim = embeddings.length / Math.max(1, sized.length);
  return makeProfile(name, model, sized.map((crop, i) => ({ label: labels[i], crop, embedding: embeddings.subarray(i * dim, (i + 1) * dim) })), fit);
}

/**
 * The profile ready for this model: as stored when it was fitted for this file (and, for a fine-tuned profile, when
 * `embed` runs its tuned network: `tuned`), else refitted from its own frames (resized to the model's input) on
 * `embed`'s embeddings; a fine-tuned profile refitted so drops its weights (a head on the model as it is). Throws
 * UserError (one line naming `where`) when the model has no embedding or lacks a taught class.
 */
export async function profileFor(p: Profile, where: string, model: ModelIdentity, embed: Embed, fit: HeadFitter = fitInThread, tuned = false): Promise<{ profile: Profile; refitted: boolean; taught: Taught[] }> {
  needsEmbedding(model, where);
  const missing = Object.keys(p.taught).filter((c) => !model.classes.includes(c));
  if (missing.length) throw new UserError(`${where}: taught classes ${missing.join(', ')} are not classes of the model '${model.name}', so the profile cannot be refitted for it`);
  const stored = unpackFrames(p, where);
  const { crops, embeddings } = await embed(stored.map((s) => s.crop), p.frames.width, p.frames.height);
  const dim = embeddings.length / Math.max(1, crops.length);
  const taught = stored.map((s, i) => ({ label: s.label, crop: crops[i], embedding: embeddings.subarray(i * dim, (i + 1) * dim) }));
  if (p.model.sha256 === model.sha256 && p.head.dim === featureWidth(dim) && !!p.network === tuned) return { profile: p, refitted: false, taught };
  return { profile: await makeProfile(p.name, model, taught, fit), refitted: true, taught };
}
