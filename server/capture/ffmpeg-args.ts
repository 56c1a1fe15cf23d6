/**
 * ffmpeg argument arrays for reading a source as raw grey frames of a fixed size (aspect kept, letterboxed),
 * which `capture/ffmpeg-source.ts` reads in exact frame-size chunks. Pure: tests check the arrays.
 */
import type { SourceSpec } from './source-spec.js';

export interface DecodeOptions {
  /** Output frame size, px (the analysis size; default 640x480). */
  width: number;
  height: number;
  /** Pace files at their native frame rate (live use) instead of as fast as possible. */
  realtime: boolean;
  /** Network and device I/O timeout, s. */
  timeoutS: number;
  /** Also write every frame at the source's own resolution as JPEG to fd 3, at this JPEG quality (2-31, lower is better). */
  fullResQuality?: number;
}

/** Low-latency input flags: small probe, short analysis, no input buffering (safe for live sources). */
const LOW_LATENCY = ['-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '500000', '-analyzeduration', '500000'];

export function inputArgs(src: SourceSpec, o: DecodeOptions): string[] {
  const us = String(Math.round(o.timeoutS * 1e6));
  const opt = src.options;
  switch (src.kind) {
    case 'video':
      return [...(o.realtime ? ['-re'] : []), ...(opt.loop ? ['-stream_loop', '-1'] : []), '-i', src.location];
    case 'still':
      // A still is one frame offline; live, it repeats at 1 fps (or fps=) so the stream stays alive.
      return o.realtime || opt.loop ? ['-re', '-loop', '1', '-framerate', String(opt.fps ?? 1), '-i', src.location] : ['-i', src.location];
    case 'v4l2':
      return [...LOW_LATENCY, '-f', 'v4l2', ...(opt.format ? ['-input_format', opt.format] : []),
        ...(opt.size ? ['-video_size', opt.size] : []), ...(opt.fps ? ['-framerate', String(opt.fps)] : []), '-i', src.location];
    case 'network':
      // rw_timeout is understood by old and new ffmpeg alike (rtsp's own timeout option was renamed in 5.0).
      return [...LOW_LATENCY, ...(src.protocol === 'rtsp' ? ['-rtsp_transport', 'tcp'] : []), '-rw_timeout', us, '-i', src.location];
    default:
      throw new Error(`${src.kind} sources are not read through ffmpeg`);
  }
}

/** Raw grey frames of exactly width x height on stdout: scaled to fit, aspect kept, padded with black. */
export function outputArgs(o: DecodeOptions): string[] {
  const { width: w, height: h } = o;
  return ['-map', '0:v:0', '-an', '-sn', '-dn', '-vsync', 'passthrough',
    '-vf', `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
    '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'];
}

/** A second output on fd 3: every frame at the source's own resolution as a stream of JPEG images. */
export function fullResArgs(quality: number): string[] {
  return ['-map', '0:v:0', '-an', '-sn', '-dn', '-vsync', 'passthrough', '-pix_fmt', 'yuvj420p', '-c:v', 'mjpeg', '-q:v', String(quality), '-f', 'image2pipe', 'pipe:3'];
}

/** The whole command line: info-level logging (for the input frame rate) without progress statistics. */
export function decodeArgs(src: SourceSpec, o: DecodeOptions): string[] {
  return ['-hide_banner', '-nostats', '-nostdin', '-loglevel', 'info', ...inputArgs(src, o), ...outputArgs(o),
    ...(o.fullResQuality !== undefined ? fullResArgs(o.fullResQuality) : [])];
}

/** The input frame rate from ffmpeg's stream line ("..., 29.97 fps, ..."), or null. */
export function parseInputFps(stderrLine: string): number | null {
  if (!/Stream #0:\d+.*Video:/.test(stderrLine)) return null;
  const m = /, (\d+(?:\.\d+)?)(k?) fps,/.exec(stderrLine) ?? /, (\d+(?:\.\d+)?)(k?) tbr,/.exec(stderrLine);
  return m ? Number(m[1]) * (m[2] ? 1000 : 1) : null;
}
