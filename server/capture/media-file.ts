/**
 * The checks a video or still file passes before ffmpeg is given it: a regular, non-empty file (read
 * asynchronously: a FIFO or directory is refused, never read), not text, and for stills a file size and a
 * header-declared image size within the input limits.
 */
import { UserError } from '../errors.js';
import type { InputLimits } from '../config/limits.js';
import type { SourceSpec } from './source-spec.js';
import { readRegularFile } from './input-file.js';
import { imageHeader } from './image-header.js';
import { checkImageSize } from './input-limits.js';

/** Bytes read from the start of a file: enough for the text check and for a PNG or JPEG header. */
const HEAD_BYTES = 64 * 1024;
/** Extensions whose content must be PNG or JPEG (anything else is a mislabelled or hostile file). */
const PNG_OR_JPEG = /\.(png|jpe?g)$/i;

/** Whether bytes are printable text (no media container starts like that). */
export function looksLikeText(b: Uint8Array): boolean {
  for (const c of b.subarray(0, 4096)) if (c < 9 || (c > 13 && c < 32) || c === 127) return false;
  return b.length > 0;
}

/** Check a video or still file source; rejects with a UserError naming the spec and the reason. */
export async function checkMediaFile(spec: SourceSpec, limits: InputLimits): Promise<void> {
  const still = spec.kind === 'still';
  const limit = still ? { bytes: limits.maxStillBytes, key: 'capture.limits.maxStillBytes' } : undefined;
  const { bytes } = await readRegularFile(spec.spec, spec.location, { limit, headBytes: HEAD_BYTES });
  // ffmpeg would happily render a text file as video (its tty demuxer): refuse text up front.
  if (looksLikeText(bytes)) throw new UserError(`${spec.spec}: a text file, not a video, image or DICOM`);
  if (!still) return;
  const h = imageHeader(bytes);
  if (h) checkImageSize(spec.spec, h.width, h.height, limits);
  else if (PNG_OR_JPEG.test(spec.location)) throw new UserError(`${spec.spec}: not a PNG or JPEG image (no image header in its first ${HEAD_BYTES / 1024} KiB)`);
}
