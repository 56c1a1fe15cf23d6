import { z } from 'zod';
import { inputLimitsSchema } from './limits.js';

/** Capture: the analysis size every source is scaled (aspect kept) and padded to, timeouts and input limits. */
export const captureSchema = z.object({
  /** Analysis frame width and height, px (default 640x480). */
  width: z.number().int().min(160).max(1920).default(640),
  height: z.number().int().min(120).max(1080).default(480),
  /**
   * Offline commands (classify's --timeout default): no frame for this long means a silent, unreachable or
   * stale source, s. `serve` does not use it: its sources are supervised with supervisor.firstFrameTimeoutS
   * and staleAfterS, and ffmpeg's own watchdog follows the first of those.
   */
  timeoutS: z.number().min(0.5).max(120).default(10),
  /** Re-run sector detection every this many frames. */
  redetectEvery: z.number().int().min(1).max(10000).default(15),
  /** File size, image size and frame limits for file sources (config/limits.ts). */
  limits: inputLimitsSchema.default(inputLimitsSchema.parse({})),
});
export type CaptureConfig = z.infer<typeof captureSchema>;
export const captureDefaults: CaptureConfig = captureSchema.parse({});
