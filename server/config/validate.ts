import type { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Parse input against a schema, reporting every problem at once on one line:
 * "simulate: --fps: must be at most 120; --size: expected WIDTHxHEIGHT".
 */
export function validate<S extends z.ZodType>(what: string, schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const parts = r.error.issues.map((i) => {
    const key = i.path.length ? `--${i.path.map(String).join('.')}` : 'input';
    return `${key}: ${i.message}`;
  });
  throw new UserError(`${what}: ${parts.join('; ')}`);
}
