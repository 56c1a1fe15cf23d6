import { createRequire } from 'node:module';

/** The ffmpeg binary: FFMPEG_PATH when set, else the one @ffmpeg-installer/ffmpeg brought from the npm registry. */
export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  const require = createRequire(import.meta.url);
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}
