/**
 * ffmpeg argument arrays for writing RGB24 frames (from the phantom) to a file or a live stream.
 * Pure functions: tests check the arrays.
 */
export interface EncodeSpec {
  width: number;
  height: number;
  fps: number;
  /** A file path (.mp4, .mkv, .avi, .mov, .ts) or udp:// / tcp:// URL. */
  out: string;
}

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

export function rawInputArgs(width: number, height: number, fps: number): string[] {
  return ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'];
}

/** Whether an output spec is a live network stream (paced in real time) rather than a file. */
export function isStreamUrl(out: string): boolean {
  return /^(udp|tcp):\/\//.test(out);
}

/**
 * Arguments to encode raw frames from stdin. Files get H.264 in the container their extension names, with
 * bit-exact flags and a fixed thread count so the same frames give the same bytes; streams get low-latency
 * H.264 in MPEG-TS (a tcp:// URL listens for one client).
 */
export function encodeArgs(spec: EncodeSpec): string[] {
  const input = rawInputArgs(spec.width, spec.height, spec.fps);
  if (isStreamUrl(spec.out)) {
    const url = spec.out.startsWith('tcp://') && !spec.out.includes('listen') ? `${spec.out}${spec.out.includes('?') ? '&' : '?'}listen=1` : spec.out;
    return [...COMMON, ...input, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(spec.fps),
      '-pix_fmt', 'yuv420p', '-f', 'mpegts', url];
  }
  return [...COMMON, '-y', ...input, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-threads', '2',
    '-pix_fmt', 'yuv420p', '-fflags', '+bitexact', '-flags', '+bitexact', '-map_metadata', '-1', spec.out];
}
