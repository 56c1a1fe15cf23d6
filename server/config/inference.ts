import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { DEVICES } from '../inference/engine.js';

/** The shipped model: what `npm start`, `serve` and `classify` use unless --model says otherwise. */
export const DEFAULT_MODEL = fileURLToPath(new URL('../../models/echolive-view.onnx', import.meta.url));

export const inferenceSchema = z.object({
  model: z.string().min(1).default(DEFAULT_MODEL),
  device: z.enum(DEVICES, { error: () => `must be one of ${DEVICES.join(', ')}` }).default('auto'),
  /** CPU threads per session. */
  threads: z.coerce.number().int().min(1).max(64).default(1),
  /** Largest batch across streams. */
  maxBatch: z.coerce.number().int().min(1).max(1024).default(32),
  /**
   * Frames a stream may have waiting for inference (default 3, 100 ms at 30 fps): absorbs the bursts in which
   * a busy machine hands over several frames at once; beyond it the oldest is dropped and counted.
   */
  queueFrames: z.coerce.number().int().min(1).max(30).default(3),
  /**
   * Batches fill up when frames arrive fast (pipeline/batch-gate.ts): a batch of fewer than gatherFrames
   * (default 3) waits for more while they would arrive within gatherMs (default 4 ms; 0 never waits). On the
   * 2-core bench machine that begins at about 17 streams of 30 fps (a frame every 2 ms), above half of what it
   * decodes, and saves ONNX Runtime about 0.03 ms a frame; below, batches run at once and latency is unchanged.
   */
  gatherFrames: z.coerce.number().int().min(1).max(1024).default(3),
  gatherMs: z.coerce.number().min(0).max(50).default(4),
});
export type InferenceConfig = z.infer<typeof inferenceSchema>;
