/**
 * Arbitraries built by walking a zod schema, so that message types added to the schema table later are
 * fuzzed too, with shapes that pass validation as well as shapes that do not.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Keys that have broken servers which look objects up by name (inherited members of Object.prototype). */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

interface Def { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; entries?: Record<string, string>; values?: unknown[] }
const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

/**
 * Values that fit the schema (numbers within bounds, enum members, literals), with `special` overriding
 * the arbitrary for named fields (e.g. stream ids that exist).
 */
export function validArbitrary(schema: z.ZodType, special: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  switch (d.type) {
    case 'object': {
      const parts: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(d.shape!)) parts[k] = special[k] ?? validArbitrary(v, special);
      const optional = Object.keys(d.shape!).filter((k) => defOf(d.shape![k]).type === 'optional');
      return fc.record(parts, { requiredKeys: Object.keys(d.shape!).filter((k) => !optional.includes(k)) });
    }
    case 'optional': return validArbitrary(d.innerType!, special);
    case 'nullable': return fc.option(validArbitrary(d.innerType!, special), { nil: null });
    case 'enum': return fc.constantFrom(...Object.values(d.entries!));
    case 'literal': return fc.constantFrom(...d.values!);
    case 'boolean': return fc.boolean();
    case 'string': return fc.string({ maxLength: 40 });
    case 'number': {
      const n = schema as z.ZodNumber;
      return fc.double({ min: n.minValue ?? -1e6, max: n.maxValue ?? 1e6, noNaN: true });
    }
    default: return fc.anything();
  }
}

/** Field names of an object schema, one level down into nested objects ("move.rotate"). */
export function fieldNames(schema: z.ZodType): string[] {
  const d = defOf(schema);
  if (d.type === 'optional' || d.type === 'nullable') return fieldNames(d.innerType!);
  if (d.type !== 'object') return [];
  return Object.entries(d.shape!).flatMap(([k, v]) => [k, ...fieldNames(v).map((c) => `${k}.${c}`)]);
}

/** A valid message with one field replaced by anything at all (or a prototype key), or extra hostile keys. */
export function hostileArbitrary(type: string, schema: z.ZodType, special: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const fields = fieldNames(schema).filter((f) => f !== 'type');
  const anyValue = fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: false }), fc.constantFrom(...PROTOTYPE_KEYS), fc.double());
  const replaced = fc.tuple(validArbitrary(schema, special), fc.constantFrom(...fields), anyValue).map(([m, path, v]) => {
    const msg = structuredClone(m) as Record<string, unknown>;
    const keys = path.split('.');
    let o = msg;
    for (const k of keys.slice(0, -1)) o = (o[k] && typeof o[k] === 'object' ? o[k] : (o[k] = {})) as Record<string, unknown>;
    o[keys.at(-1)!] = v;
    return msg;
  });
  const polluted = fc.tuple(validArbitrary(schema, special), fc.constantFrom(...PROTOTYPE_KEYS), fc.anything()).map(([m, k, v]) => {
    const msg = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    Object.defineProperty(msg, k, { value: v, enumerable: true, configurable: true, writable: true });
    return msg;
  });
  return fc.oneof(replaced, polluted).map((m) => ({ ...(m as object), type }));
}
