import { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * Input limits, checked from file sizes and headers BEFORE anything is decoded (capture/input-limits.ts), so a
 * small file that lies about its size or frame count cannot exhaust memory or time. A violation is one line
 * naming the input, the reason and the key below.
 */
export const inputLimitsSchema = z.object({
  /** Largest file read whole into memory (DICOM), bytes (default 1 GiB; at most 2 GiB - 1, Node's read limit). */
  maxFileBytes: z.number().int().min(1024).max(2 ** 31 - 1).default(1024 * MiB),
  /** Largest still image file (PNG, JPEG, BMP, TIFF), bytes (default 64 MiB). */
  maxStillBytes: z.number().int().min(1024).max(2 ** 31 - 1).default(64 * MiB),
  /** Widest and tallest still image or DICOM frame, px (default 8192 each). */
  maxWidth: z.number().int().min(16).max(65535).default(8192),
  maxHeight: z.number().int().min(16).max(65535).default(8192),
  /** Most frames in a DICOM cine (default 10,000: 5.5 min at 30 fps). */
  maxFrames: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Most decoded pixels in a DICOM cine, rows x columns x frames, px (default 2e9: 2,500 frames of 1024x768). */
  maxTotalPixels: z.number().int().min(1).max(1e12).default(2e9),
});
export type InputLimits = z.infer<typeof inputLimitsSchema>;
