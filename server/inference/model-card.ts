/**
 * The model card: the only contract between training/ and the server. Loaded with the model; any mismatch
 * with what this server feeds (input size, classes, names) is refused with one clear line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { NONE_CLASS, VIEW_IDS } from '../views.js';
import { INPUT_HEIGHT, INPUT_WIDTH } from './input-spec.js';

export const cardSchema = z.object({
  format: z.literal('echolive-model-card'),
  version: z.literal(1),
  name: z.string(),
  classes: z.array(z.string()).min(2),
  noneClass: z.string().optional(),
  input: z.object({
    name: z.string(),
    shape: z.tuple([z.number(), z.literal(1), z.number(), z.number()]),
    layout: z.literal('NCHW'),
    dtype: z.literal('float32'),
    range: z.tuple([z.number(), z.number()]),
  }),
  output: z.object({ name: z.string(), shape: z.array(z.number()), kind: z.string() }),
  calibration: z.object({ temperature: z.number() }).partial().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
  limits: z.string().optional(),
}).passthrough();

export type ModelCard = z.infer<typeof cardSchema>;

/** Card path for a model path: models/x.onnx -> models/x.json. */
export function cardPathFor(modelPath: string): string {
  return modelPath.replace(/\.onnx$/i, '') + '.json';
}

/** Load and check a model card against what the server feeds. Throws UserError naming the file and reason. */
export function loadCard(modelPath: string): ModelCard {
  const path = cardPathFor(modelPath);
  if (!existsSync(modelPath)) throw new UserError(`${modelPath}: model file not found`);
  if (!existsSync(path)) throw new UserError(`${modelPath}: no model card beside it (expected ${path})`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const r = cardSchema.safeParse(json);
  if (!r.success) throw new UserError(`${path}: not an echolive model card (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const card = r.data;
  const [, , h, w] = card.input.shape;
  if (h !== INPUT_HEIGHT || w !== INPUT_WIDTH) throw new UserError(`${path}: input is ${w}x${h}, this server feeds ${INPUT_WIDTH}x${INPUT_HEIGHT}`);
  const unknown = card.classes.filter((c) => c !== (card.noneClass ?? NONE_CLASS) && !(VIEW_IDS as readonly string[]).includes(c));
  if (unknown.length) throw new UserError(`${path}: unknown class ids ${unknown.join(', ')} (the 15 ids are fixed: ${VIEW_IDS.join(', ')})`);
  return card;
}
