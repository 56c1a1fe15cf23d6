/**
 * A profile: what was taught for one machine (profiles/<name>.json, kept out of git). It names the model it was
 * fitted for (card name and SHA-256 of the ONNX file), the classes, how many frames each class was taught and
 * when, the fitted head, and the taught frames themselves at the model's input size (grey bytes, base64), so a
 * new model refits the profile instead of throwing it away. A fine-tuned profile (`teach --fine-tune`) also keeps
 * the network weights it tuned (the model's ONNX initialisers it replaces); its head sits on the tuned embedding.
 * Reading refuses a corrupt file, another format or version, or a class that is not an echolive class, with one
 * line naming the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { NONE_CLASS, VIEW_IDS } from '../views.js';
import { PROFILE_NAME } from '../protocol.js';
import type { Head } from './head.js';

export const PROFILE_FORMAT = 'echolive-profile';
export const PROFILE_VERSION = 1;
export { PROFILE_NAME };

const CLASS_IDS: readonly string[] = [...VIEW_IDS, NONE_CLASS];
const classId = z.string().refine((c) => CLASS_IDS.includes(c), { error: (i) => `unknown class '${String(i.input).slice(0, 40)}'` });
const finite = z.number().finite();
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const headSchema = z.object({
  classes: z.array(classId).min(1),
  dim: z.number().int().min(1).max(4096),
  weights: z.array(finite),
  bias: z.array(finite),
  gateDim: z.number().int().min(1).optional(),
  means: z.array(finite),
  gateAt: finite,
}).refine((h) => {
  const gateDim = h.gateDim ?? h.dim;
  return h.weights.length === h.classes.length * h.dim && gateDim <= h.dim && h.means.length === h.classes.length * gateDim && h.bias.length === h.classes.length;
}, 'head sizes disagree with its classes and dim');

export const profileSchema = z.object({
  format: z.literal(PROFILE_FORMAT),
  version: z.literal(PROFILE_VERSION),
  name: z.string().regex(PROFILE_NAME),
  /** The model the head was fitted for. */
  model: z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The model's classes, in its output order. */
  classes: z.array(classId).min(2),
  /** Frames taught per class. */
  taught: z.record(classId, z.number().int().min(0)),
  /** ISO 8601 time of the last fit. */
  fittedAt: z.string(),
  /** Taught frames at the model's input size: per class, base64 of frames x width x height grey bytes. */
  frames: z.object({
    width: z.number().int().min(8).max(2048),
    height: z.number().int().min(8).max(2048),
    byClass: z.record(classId, base64),
  }),
  head: headSchema,
  /** Fine-tuned weights: replaced ONNX initialisers of the model above by name, base64 of little-endian float32. */
  network: z.object({
    tensors: z.record(z.string().min(1).max(200), base64),
    tune: z.object({ steps: z.number().int().min(1), batch: z.number().int().min(1), learningRate: finite, trainLast: z.number().int().min(1), seed: z.number().int() }),
  }).optional(),
});

export type Profile = z.infer<typeof profileSchema> & { head: Head };

/** SHA-256 of a model file, hex: how a profile knows its model. */
export function modelHash(modelPath: string): string {
  return createHash('sha256').update(readFileSync(modelPath)).digest('hex');
}

/** Taught frames of one class (uint8 crops at width x height) as stored in a profile. */
export function packClassFrames(frames: Uint8Array[]): string {
  return Buffer.concat(frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength))).toString('base64');
}

/** A profile's taught frames of every class, as crops. Throws UserError when a class's bytes are not whole frames. */
export function unpackFrames(p: Profile, where: string): Array<{ label: string; crop: Uint8Array }> {
  const size = p.frames.width * p.frames.height;
  const out: Array<{ label: string; crop: Uint8Array }> = [];
  for (const [label, b64] of Object.entries(p.frames.byClass)) {
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    if (bytes.length % size) throw new UserError(`${where}: not an echolive profile (frames of '${label}' are not whole ${p.frames.width}x${p.frames.height} frames)`);
    for (let i = 0; i < bytes.length; i += size) out.push({ label, crop: bytes.subarray(i, i + size) });
  }
  return out;
}

/** Tuned weights as stored in a profile. */
export function packTensors(tensors: ReadonlyMap<string, Float32Array>): Record<string, string> {
  return Object.fromEntries([...tensors].map(([name, v]) => [name, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));
}

/** A profile's tuned weights by ONNX name. Throws UserError when one is not whole floats. */
export function unpackTensors(p: Pick<Profile, 'network'>, where: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, b64] of Object.entries(p.network?.tensors ?? {})) {
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length % 4) throw new UserError(`${where}: not an echolive profile (tuned weights '${name.slice(0, 40)}' are not whole floats)`);
    out.set(name, new Float32Array(Uint8Array.from(bytes).buffer));
  }
  return out;
}

/** What tells one set of tuned weights from another: SHA-256 of their stored form (null without weights). */
export function networkKey(p: Pick<Profile, 'network'>): string | null {
  return p.network ? createHash('sha256').update(JSON.stringify(p.network.tensors)).digest('hex') : null;
}

/** Read and check a profile file. Throws UserError with one line naming the file and the reason. */
export function readProfile(path: string): Profile {
  if (!existsSync(path)) throw new UserError(`${path}: profile not found`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not an echolive profile (not valid JSON: ${(e as Error).message.split('\n')[0].slice(0, 80)})`);
  }
  const r = profileSchema.safeParse(json);
  if (!r.success) {
    // A record key that is not a class reads as "Invalid key in record"; say which class instead.
    const say = (i: z.core.$ZodIssue) => (i.code === 'invalid_key' ? `unknown class '${String(i.path.at(-1)).slice(0, 40)}'` : i.message);
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'profile'}: ${say(i)}`).join('; ');
    throw new UserError(`${path}: not an echolive profile (${first})`);
  }
  unpackFrames(r.data, path);
  unpackTensors(r.data, path);
  return r.data;
}

/** Write a profile atomically (a temporary file renamed over the old one), creating its folder. */
export function writeProfile(path: string, p: Profile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${dirname(path)}/.${basename(path)}.tmp`;
  writeFileSync(tmp, JSON.stringify(p));
  renameSync(tmp, path);
}
