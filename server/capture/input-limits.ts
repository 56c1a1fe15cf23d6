/**
 * Checking a file source's declared size against the input limits (config/limits.ts) before decoding it.
 * Pure: each check throws one UserError naming the input, what it declares and the limit's config key.
 */
import { UserError } from '../errors.js';
import type { InputLimits } from '../config/limits.js';

/** An image (or every frame of a cine) of width x height px must fit capture.limits.maxWidth x maxHeight. */
export function checkImageSize(name: string, width: number, height: number, limits: InputLimits): void {
  if (!(width >= 1 && height >= 1)) throw new UserError(`${name}: the header gives no image size (${width}x${height})`);
  if (width > limits.maxWidth || height > limits.maxHeight) {
    throw new UserError(`${name}: ${width}x${height} px, larger than the ${limits.maxWidth}x${limits.maxHeight} limit (capture.limits.maxWidth, maxHeight)`);
  }
}

/** A cine of `frames` frames of width x height px: image size, frame count and total decoded pixels. */
export function checkCineSize(name: string, c: { width: number; height: number; frames: number }, limits: InputLimits): void {
  checkImageSize(name, c.width, c.height, limits);
  if (c.frames > limits.maxFrames) throw new UserError(`${name}: ${c.frames} frames, more than the limit of ${limits.maxFrames} (capture.limits.maxFrames)`);
  const total = c.width * c.height * c.frames;
  if (total > limits.maxTotalPixels) {
    throw new UserError(`${name}: ${c.frames} frames of ${c.width}x${c.height} are ${total} px, more than the limit of ${limits.maxTotalPixels} (capture.limits.maxTotalPixels)`);
  }
}
