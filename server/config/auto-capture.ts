import { z } from 'zod';

/**
 * Auto-capture (server/pipeline/auto-capture.ts): per stream session, the best clip of each view once the view
 * has been stable with a high quality score, kept in memory until exported or deleted (docs/protocol.md).
 */
export const autoCaptureSchema = z.object({
  /** Lowest quality score (0-100, state.quality) that counts toward a capture (default 70). */
  minQuality: z.number().min(0).max(100).default(70),
  /** The view must be stable with quality >= minQuality this long before anything is kept, s (default 2). */
  holdS: z.number().min(0.5).max(30).default(2),
  /** Clip length, s (default 2.5; no longer than the frames a source keeps, capture.fullRes.seconds). */
  clipS: z.number().min(1).max(10).default(2.5),
  /** Memory for a stream's captured clips, MiB (default 256): a better clip that does not fit is not kept. */
  maxMiB: z.number().min(1).max(4096).default(256),
  /** Whether capture starts on for phantom sources (default on) and for real sources (default off); switchable per stream. */
  phantom: z.enum(['on', 'off']).default('on'),
  real: z.enum(['on', 'off']).default('off'),
  /** The only folder exports may go under (a client names a subfolder of it), created when needed (default captures). */
  root: z.string().min(1).default('captures'),
});

export type AutoCaptureConfig = z.infer<typeof autoCaptureSchema>;
export const autoCaptureDefaults: AutoCaptureConfig = autoCaptureSchema.parse({});
