import { z } from 'zod';
import { inputLimitsSchema } from './limits.js';

/** Capture: the analysis size every source is scaled (aspect kept) and padded to, timeouts and input limits. */
export const captureSchema = z.object({
  /**
   * Analysis frame width and height, px (default 320x240): what ffmpeg delivers for sector detection (cells
   * about 2 px wide), the crop to the model input (4x the shipped model's 80x60, so each input pixel still
   * averages several screen pixels) and the preview. Larger costs the server time on every frame.
   */
  width: z.number().int().min(160).max(1920).default(320),
  height: z.number().int().min(120).max(1080).default(240),
  /**
   * Offline commands (classify's --timeout default): no frame for this long means a silent, unreachable or
   * stale source, s. `serve` does not use it: its sources are supervised with supervisor.firstFrameTimeoutS
   * and staleAfterS, and ffmpeg's own watchdog follows the first of those.
   */
  timeoutS: z.number().min(0.5).max(120).default(10),
  /**
   * Niceness of ffmpeg decoders, 0-19 (default 10): decoding yields to the server's one analysis thread, so
   * near capacity decoded frames are analysed rather than queued and lost (bench:server, same machine: 22
   * streams served against 19 at 5; at 0 the server lost frames from its queue with its thread 40% busy).
   * Over capacity the decoders of unselected streams step back 5 more.
   */
  nice: z.number().int().min(0).max(19).default(10),
  /**
   * Sector detection runs on the first frame, on the frame where the screen's coarse layout changes (mode,
   * depth or machine; capture/layout-watch.ts), and at the latest every this many frames (default 60, 2 s at
   * 30 fps) in case a change escaped the layout check.
   */
  redetectEvery: z.number().int().min(1).max(10000).default(60),
  /**
   * Full-resolution frames for captures and stills, kept only for sources that ask (`#fullres`): JPEG at
   * this quality (2-31, lower is better; default 3), the last `seconds` (default 5) within `maxMiB` (default 64).
   */
  fullRes: z.object({
    quality: z.number().int().min(2).max(31).default(3),
    seconds: z.number().min(1).max(120).default(5),
    maxMiB: z.number().min(1).max(4096).default(64),
  }).default({ quality: 3, seconds: 5, maxMiB: 64 }),
  /** File size, image size and frame limits for file sources (config/limits.ts). */
  limits: inputLimitsSchema.default(inputLimitsSchema.parse({})),
});
export type CaptureConfig = z.infer<typeof captureSchema>;
export const captureDefaults: CaptureConfig = captureSchema.parse({});
