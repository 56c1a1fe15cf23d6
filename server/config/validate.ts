import type { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Parse input against a schema, reporting every problem at once on one line:
 * "simulate: --fps: must be at most 120; --size: expected WIDTHxHEIGHT".
 * @param flags the command-line flag for a schema path ("transport.token" -> "--token"), so the message
 *   names what the user typed; paths without one are shown as --<path>
 */
export function validate<S extends z.ZodType>(what: string, schema: S, input: unknown, flags: Record<string, string> = {}): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const parts = r.error.issues.map((i) => {
    const path = i.path.filter((p) => typeof p !== 'number').map(String).join('.');
    const key = path ? (Object.hasOwn(flags, path) ? flags[path] : `--${path}`) : 'input';
    return `${key}: ${i.message}`;
  });
  throw new UserError(`${what}: ${parts.join('; ')}`);
}
