/**
 * The model card: the only contract between training/ and the server (docs/model.md, "The model card").
 * Version 2 declares the model's named outputs (`probs`, `logits`, `embedding`, optional `quality`) and an
 * optional out-of-distribution rule (`ood`); version 1 (one `output`, models exported before version 2) is
 * read as a card with a single `probs` output. Anything the server cannot feed or read is refused
 * with one line naming the card and the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { NONE_CLASS, VIEW_IDS } from '../views.js';

const inputSchema = z.object({
  name: z.string(),
  /** [batch (-1), channels (1), height px, width px]. */
  shape: z.tuple([z.literal(-1), z.literal(1), z.number().int().min(8).max(2048), z.number().int().min(8).max(2048)]),
  layout: z.literal('NCHW'),
  dtype: z.literal('float32'),
  range: z.tuple([z.literal(0), z.literal(1)]),
});

const outputSchema = z.object({
  shape: z.array(z.number().int()).min(2),
  kind: z.string().optional(),
  /** quality: whether its figures were checked on real images (else it is shown for the phantom only). */
  checkedOnReal: z.boolean().optional(),
});

/** An out-of-distribution score from `logits`, and which side of the threshold is unfamiliar. */
const logitRuleSchema = z.object({
  /** energy: -logsumexp(logits) (low for familiar images); max-logit: the largest logit (high for familiar). */
  score: z.enum(['energy', 'max-logit']),
  threshold: z.number().finite(),
  /** Unfamiliar when the score is above (energy) or below (max-logit) the threshold. */
  direction: z.enum(['above', 'below']),
});

/**
 * A linear score on `embedding`: weights . embedding + bias, the log-odds that the frame is not an ultrasound
 * image at all (scripts/fit-ood.ts fits it on ultrasound frames against synthetic screens and patterns).
 */
const embeddingRuleSchema = z.object({
  score: z.literal('embedding-logit'),
  /** One weight per embedding value. */
  weights: z.array(z.number().finite()).min(1),
  bias: z.number().finite(),
  threshold: z.number().finite(),
  /** Unfamiliar above the threshold. */
  direction: z.literal('above'),
});

const oodSchema = z.discriminatedUnion('score', [logitRuleSchema, embeddingRuleSchema]);

const common = {
  format: z.literal('echolive-model-card'),
  name: z.string(),
  classes: z.array(z.string()).min(2),
  noneClass: z.string().optional(),
  input: inputSchema,
  limits: z.string().optional(),
};

const v1Schema = z.object({ ...common, version: z.literal(1), output: z.object({ name: z.string(), shape: z.array(z.number().int()) }) });
const v2Schema = z.object({ ...common, version: z.literal(2), outputs: z.record(z.string(), outputSchema), ood: oodSchema.optional() });

export type OodRule = z.infer<typeof oodSchema>;

export interface OutputSpec {
  /** The output's name in the ONNX graph. */
  onnxName: string;
  /** [-1, values per frame]. */
  shape: number[];
}

/** A card as the server uses it, whatever its version. */
export interface ModelCard {
  version: 1 | 2;
  name: string;
  classes: string[];
  noneClass: string;
  limits?: string;
  input: { name: string; width: number; height: number };
  /** Declared outputs by role (probs always; logits, embedding, quality when the model has them). */
  outputs: Record<string, OutputSpec>;
  ood: OodRule | null;
  /** The quality output was checked on real images: show it for real sources too. */
  qualityOnReal: boolean;
}

/** Card path for a model path: models/x.onnx -> models/x.json. */
export function cardPathFor(modelPath: string): string {
  return modelPath.replace(/\.onnx$/i, '') + '.json';
}

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'card'}: ${i.message}`).join('; ');

/** Each output's shape as [-1, values per frame]; `k` is the number of classes. Returns problems. */
function checkOutputs(outputs: Record<string, OutputSpec>, k: number, ood: OodRule | null): string[] {
  const bad: string[] = [];
  // quality: [score, off-axis part, position part], each 0-100.
  const want: Record<string, number | 'any'> = { probs: k, logits: k, embedding: 'any', quality: 3 };
  if (!outputs.probs) bad.push("no 'probs' output");
  for (const [role, o] of Object.entries(outputs)) {
    const n = want[role] ?? 'any';
    if (o.shape.length !== 2 || o.shape[0] !== -1 || o.shape[1] < 1 || (n !== 'any' && o.shape[1] !== n)) {
      bad.push(`output '${role}' has shape [${o.shape.join(',')}], expected [-1,${n === 'any' ? 'N' : n}]`);
    }
  }
  if (ood?.score === 'embedding-logit') {
    const dim = outputs.embedding?.shape[1];
    if (dim !== ood.weights.length) bad.push(`the ood rule has ${ood.weights.length} weights, the 'embedding' output ${dim ?? 'is missing'}${dim ? ' values' : ''}`);
  } else if (ood && !outputs.logits) bad.push("the ood rule needs a 'logits' output");
  return bad;
}

/**
 * Check a parsed card (JSON) and turn it into the server's view of it. Pure.
 * @param where the card's path, for messages
 * @throws UserError with one line naming `where` and every problem
 */
export function parseCard(json: unknown, where: string): ModelCard {
  const version = (json as { version?: unknown } | null)?.version;
  const schema = version === 1 ? v1Schema : version === 2 ? v2Schema : null;
  if (!schema) throw new UserError(`${where}: not an echolive model card (version must be 1 or 2, got ${JSON.stringify(version)})`);
  const r = schema.safeParse(json);
  if (!r.success) throw new UserError(`${where}: not an echolive model card (${issues(r.error)})`);
  const c = r.data;
  const outputs: Record<string, OutputSpec> = c.version === 1
    ? { probs: { onnxName: c.output.name, shape: c.output.shape } }
    : Object.fromEntries(Object.entries(c.outputs).map(([role, o]) => [role, { onnxName: role, shape: o.shape }]));
  const ood = c.version === 2 ? (c.ood ?? null) : null;
  const noneClass = c.noneClass ?? NONE_CLASS;
  const problems = checkOutputs(outputs, c.classes.length, ood);
  const unknown = c.classes.filter((x) => x !== noneClass && !(VIEW_IDS as readonly string[]).includes(x));
  if (unknown.length) problems.push(`unknown class ids ${unknown.join(', ')} (the 15 ids are fixed: ${VIEW_IDS.join(', ')})`);
  if (problems.length) throw new UserError(`${where}: ${problems.join('; ')}`);
  const [, , height, width] = c.input.shape;
  const qualityOnReal = c.version === 2 && c.outputs.quality?.checkedOnReal === true;
  return { version: c.version, name: c.name, classes: c.classes, noneClass, limits: c.limits, input: { name: c.input.name, width, height }, outputs, ood, qualityOnReal };
}

/** Load and check the card beside a model. Throws UserError naming the file and the reason. */
export function loadCard(modelPath: string): ModelCard {
  const path = cardPathFor(modelPath);
  if (!existsSync(modelPath)) throw new UserError(`${modelPath}: model file not found`);
  if (!existsSync(path)) throw new UserError(`${modelPath}: no model card beside it (expected ${path})`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return parseCard(json, path);
}
