/**
 * ffmpeg argument arrays for writing a captured clip, its frames piped one after another, as an H.264 MP4.
 * Pure: tests check the arrays.
 */

/** How the piped frames are coded: JPEG images (full resolution) or raw grey frames of one size (analysis frames). */
export type ClipInput = { kind: 'jpeg' } | { kind: 'grey'; width: number; height: number };

/** Arguments to read the frames from stdin at `fps` and write `out` (.mp4): H.264, yuv420p, even size, no metadata. */
export function clipMp4Args(input: ClipInput, fps: number, out: string): string[] {
  const rate = fps.toFixed(3);
  const read = input.kind === 'jpeg'
    ? ['-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', rate]
    : ['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${input.width}x${input.height}`, '-framerate', rate];
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...read, '-i', 'pipe:0',
    // H.264 in yuv420p needs an even width and height; full-resolution frames may be odd.
    '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p',
    '-map_metadata', '-1', '-movflags', '+faststart', '-an', out,
  ];
}
