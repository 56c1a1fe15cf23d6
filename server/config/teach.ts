import { z } from 'zod';

/** Teaching a machine (server/teach/, the dashboard's Teach mode, `echolive teach`). */
export const teachSchema = z.object({
  /** While a view is held, keep every n-th usable frame of the stream (3 = 10 frames/s at 30 fps). */
  everyNth: z.number().int().min(1).max(300).default(3),
  /** Most frames kept per class; later ones replace the oldest, frames. */
  maxFramesPerClass: z.number().int().min(1).max(1000).default(100),
  /** From a clip, `teach --data` keeps at most this many frames, spread evenly, frames. */
  framesPerClip: z.number().int().min(1).max(1000).default(10),
  /** Where the dashboard saves, lists and loads profiles (`profiles/<name>.json`). */
  profilesDir: z.string().min(1).default('profiles'),
  /**
   * Seconds of live image from a real source (not the phantom), on the base model, with no view recognised before
   * the overlay suggests teaching the machine (Teach); 0 never suggests.
   */
  suggestAfterS: z.coerce.number().min(0).max(3600).default(60),
  /**
   * Optimiser steps of the dashboard's Fine-tune (teach/tune/tuner.ts), steps: 150 took 34 s for 15 views x 50
   * frames on a 2-core laptop-class machine (README); fewer are quicker and adapt less.
   */
  fineTuneSteps: z.number().int().min(10).max(2000).default(150),
  /** A profile to start with (`serve --profile`), or none. */
  profile: z.string().min(1).optional(),
});

export type TeachConfig = z.infer<typeof teachSchema>;
export const teachDefaults: TeachConfig = teachSchema.parse({});
