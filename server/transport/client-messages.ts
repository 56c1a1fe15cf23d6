/** Validation of messages from dashboard clients (types in protocol.ts). */
import { z } from 'zod';
import type { ClientMessage } from '../protocol.js';
import { VIEW_IDS } from '../views.js';

const view = z.enum(VIEW_IDS);
export const CLIENT_MESSAGE_SCHEMAS = {
  select: z.object({ type: z.literal('select'), stream: z.string(), preview: z.boolean().optional() }),
  target: z.object({ type: z.literal('target'), stream: z.string(), view: view.nullable() }),
  protocol: z.object({ type: z.literal('protocol'), stream: z.string(), action: z.enum(['start', 'stop']), protocol: z.enum(['comprehensive', 'focused']).optional() }),
  probe: z.object({
    type: z.literal('probe'), stream: z.string(), view: view.optional(),
    move: z.object({
      slideLat: z.number().min(-5).max(5), slideElev: z.number().min(-5).max(5), rotate: z.number().min(-180).max(180),
      tilt: z.number().min(-90).max(90), rock: z.number().min(-90).max(90),
    }).partial().optional(),
  }),
} as const;

/** Parse one text message: the message, or a one-line reason it was refused. */
export function parseClientMessage(text: string): { ok: true; msg: ClientMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'malformed JSON' };
  }
  const type = (json as { type?: unknown })?.type;
  if (typeof type !== 'string') return { ok: false, error: 'message has no string "type"' };
  // Own keys only: a plain object also "has" constructor, toString, __proto__ and the like.
  const schema = Object.hasOwn(CLIENT_MESSAGE_SCHEMAS, type) ? CLIENT_MESSAGE_SCHEMAS[type as keyof typeof CLIENT_MESSAGE_SCHEMAS] : undefined;
  if (!schema) return { ok: false, error: `unknown message type '${type.slice(0, 40)}' (${Object.keys(CLIENT_MESSAGE_SCHEMAS).join(', ')})` };
  const r = schema.safeParse(json);
  if (!r.success) return { ok: false, error: `invalid ${type} message: ${r.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}` };
  return { ok: true, msg: r.data as ClientMessage };
}
