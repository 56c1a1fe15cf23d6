/** Validation of messages from dashboard clients (types in protocol.ts). */
import { z } from 'zod';
import { CAPTURE_ACTIONS, CAPTURE_FOLDER, PROFILE_NAME, TEACH_ACTIONS, type ClientMessage } from '../protocol.js';
import { NONE_CLASS, VIEW_IDS } from '../views.js';

const view = z.enum(VIEW_IDS);
/** Actions that need a class to teach or clear, and those that need a profile name. */
const NEEDS_VIEW = ['start', 'clear'], NEEDS_NAME = ['save', 'load', 'delete'];
export const CLIENT_MESSAGE_SCHEMAS = {
  select: z.object({ type: z.literal('select'), stream: z.string(), preview: z.boolean().optional() }),
  target: z.object({ type: z.literal('target'), stream: z.string(), view: view.nullable() }),
  protocol: z.object({ type: z.literal('protocol'), stream: z.string(), action: z.enum(['start', 'stop']), protocol: z.enum(['comprehensive', 'focused']).optional() }),
  probe: z.object({
    type: z.literal('probe'), stream: z.string(), view: view.optional(), mode: z.enum(['2d', 'pw', 'cw', 'mmode']).optional(),
    cursor: z.object({ angleDeg: z.number().min(-90).max(90), gateCm: z.number().min(-30).max(30) }).partial().optional(),
    move: z.object({
      slideLeft: z.number().min(-5).max(5), slideHead: z.number().min(-5).max(5), rotate: z.number().min(-180).max(180),
      tilt: z.number().min(-90).max(90), rock: z.number().min(-90).max(90),
    }).partial().optional(),
  }),
  teach: z.object({
    type: z.literal('teach'), stream: z.string(), action: z.enum(TEACH_ACTIONS),
    view: z.enum([...VIEW_IDS, NONE_CLASS]).optional(),
    name: z.string().regex(PROFILE_NAME, 'a profile name is letters, digits, ".", "_" or "-" (up to 64)').optional(),
  })
    .refine((m) => !NEEDS_VIEW.includes(m.action) || m.view !== undefined, { message: 'start and clear need a view', path: ['view'] })
    .refine((m) => !NEEDS_NAME.includes(m.action) || m.name !== undefined, { message: 'save, load and delete need a name', path: ['name'] }),
  help: z.object({ type: z.literal('help'), stream: z.string(), on: z.boolean() }),
  capture: z.object({
    type: z.literal('capture'), stream: z.string(), action: z.enum(CAPTURE_ACTIONS),
    folder: z.string().regex(CAPTURE_FOLDER, 'a folder is up to four names of letters, digits, ".", "_" or "-" joined by "/", under the captures root').optional(),
    patient: z.object({
      // DICOM person name (components joined by ^) and patient id, as entered at the machine.
      name: z.string().regex(/^[\p{L}\p{M}][\p{L}\p{M} ,.'^-]{0,63}$/u, 'a patient name is letters, spaces and , . \' ^ - (up to 64)').optional(),
      id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'a patient id is letters, digits, space, ".", "_" or "-" (up to 64)').optional(),
    }).optional(),
    formats: z.array(z.enum(['mp4', 'dicom'])).min(1).max(2).optional(),
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

/** Client roles (the ws URL's `role`): a trainee (the default) drives; an instructor watches read-only. */
export const CLIENT_ROLES = ['trainee', 'instructor'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

/** What an instructor may send: choosing the stream to watch. Everything else changes a stream. */
const WATCHER_TYPES: ReadonlySet<string> = new Set(['select']);

/** Why a role may not send a message, or null when it may. */
export function refusedFor(role: ClientRole, msg: ClientMessage): string | null {
  if (role === 'instructor' && !WATCHER_TYPES.has(msg.type)) return `read-only: an instructor watches and cannot send '${msg.type}' (connect without role=instructor to drive)`;
  return null;
}
