/** Schema pieces shared by several commands: screen size, frame rate, seed, view id. */
import { z } from 'zod';
import { VIEW_IDS } from '../views.js';

/** "WIDTHxHEIGHT", each 64-3840 px and even (H.264 4:2:0 needs even sizes). */
export const sizeSchema = z
  .string()
  .regex(/^\d+x\d+$/, 'expected WIDTHxHEIGHT, e.g. 800x600')
  .transform((s) => s.split('x').map(Number) as [number, number])
  .refine(([w, h]) => w >= 64 && h >= 64 && w <= 3840 && h <= 2160, 'each side must be 64-3840 (height up to 2160)')
  .refine(([w, h]) => w % 2 === 0 && h % 2 === 0, 'width and height must be even')
  .transform(([width, height]) => ({ width, height }));

/** A model input size "WIDTHxHEIGHT", each 16-1024 px. */
export const inputSizeSchema = z
  .string()
  .regex(/^\d+x\d+$/, 'expected WIDTHxHEIGHT, e.g. 80x60')
  .transform((s) => s.split('x').map(Number) as [number, number])
  .refine(([w, h]) => w >= 16 && h >= 16 && w <= 1024 && h <= 1024, 'each side must be 16-1024')
  .transform(([width, height]) => ({ width, height }));

/** Frames per second, 1-120. */
export const fpsSchema = z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(120, 'must be at most 120');

/** A non-negative 31-bit seed. */
export const seedSchema = z.coerce.number().int('must be a whole number').min(0, 'must be >= 0').max(2 ** 31 - 1, 'must be < 2^31');

export const viewSchema = z.enum(VIEW_IDS, { error: () => `must be one of ${VIEW_IDS.join(', ')}` });
