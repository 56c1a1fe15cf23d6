import { z } from 'zod';

/** Temporal smoothing and image-state detection (pipeline/temporal.ts). */
export const temporalSchema = z.object({
  /** Expected view changes per second for the sticky transition matrix (1/s). */
  switchRate: z.number().min(0.01).max(10).default(0.4),
  /** Exponent on the model's probabilities before the update: below 1 trusts single frames less. */
  evidencePower: z.number().min(0.05).max(1).default(0.35),
  /** Belief needed to enter a view, 0-1. */
  enter: z.number().min(0.3).max(0.99).default(0.8),
  /** Belief below which a stable view is left, 0-1. */
  exit: z.number().min(0.05).max(0.9).default(0.4),
  /** A candidate must hold this long before it becomes the stable view, s. */
  minDwell: z.number().min(0).max(5).default(0.25),
  /** Identical crops for longer than this mean a frozen image, s. */
  frozenAfter: z.number().min(0.2).max(10).default(1),
  /** Mean absolute change (grey levels) below which two crops count as identical. */
  frozenDelta: z.number().min(0).max(10).default(0.6),
  /** A crop darker than this mean grey level with less than blankStd spread is a blank image. */
  blankMean: z.number().min(0).max(60).default(10),
  blankStd: z.number().min(0).max(30).default(4),
  /** Time constant of the running share of unfamiliar frames (pipeline/unfamiliar.ts), s. */
  unfamiliarTau: z.number().min(0.05).max(10).default(0.5),
  /** Share of recent frames out of distribution that raises the unfamiliar flag, 0-1. */
  unfamiliarEnter: z.number().min(0.1).max(1).default(0.6),
  /** Share below which the unfamiliar flag drops, 0-1. */
  unfamiliarExit: z.number().min(0).max(0.9).default(0.3),
})
  .refine((c) => c.exit < c.enter, { message: 'exit must be below enter', path: ['exit'] })
  .refine((c) => c.unfamiliarExit < c.unfamiliarEnter, { message: 'must be below unfamiliarEnter', path: ['unfamiliarExit'] });

export type TemporalConfig = z.infer<typeof temporalSchema>;
export const temporalDefaults: TemporalConfig = temporalSchema.parse({});
