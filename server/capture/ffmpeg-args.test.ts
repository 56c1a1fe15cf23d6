import { describe, expect, it } from 'vitest';
import { decodeArgs, inputArgs, outputArgs, parseInputFps } from './ffmpeg-args.js';
import { encodeArgs } from './encode-args.js';
import { parseSource } from './source-spec.js';
import { ffmpegReason } from './ffmpeg-errors.js';

const o = { width: 640, height: 480, realtime: false, timeoutS: 5 };

describe('ffmpeg argument builders', () => {
  it('reads a file as fast as possible, or at its own rate and looped for live use', () => {
    expect(inputArgs(parseSource('clip.mp4'), o)).toEqual(['-i', 'clip.mp4']);
    expect(inputArgs(parseSource('clip.mp4#loop'), { ...o, realtime: true })).toEqual(['-re', '-stream_loop', '-1', '-i', 'clip.mp4']);
  });

  it('repeats a still at 1 fps when live', () => {
    expect(inputArgs(parseSource('still.png'), o)).toEqual(['-i', 'still.png']);
    expect(inputArgs(parseSource('still.png'), { ...o, realtime: true })).toEqual(['-re', '-loop', '1', '-framerate', '1', '-i', 'still.png']);
  });

  it('opens a V4L2 capture card with its size, rate and input format', () => {
    expect(inputArgs(parseSource('/dev/video2#size=1920x1080;fps=60;format=yuyv422'), o)).toEqual([
      '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '500000', '-analyzeduration', '500000',
      '-f', 'v4l2', '-input_format', 'yuyv422', '-video_size', '1920x1080', '-framerate', '60', '-i', '/dev/video2',
    ]);
  });

  it('uses TCP for RTSP and an I/O timeout for every network source', () => {
    expect(inputArgs(parseSource('rtsp://cam/live'), o)).toEqual([
      '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '500000', '-analyzeduration', '500000',
      '-rtsp_transport', 'tcp', '-rw_timeout', '5000000', '-i', 'rtsp://cam/live',
    ]);
    expect(inputArgs(parseSource('udp://0.0.0.0:5000'), o).slice(-4)).toEqual(['-rw_timeout', '5000000', '-i', 'udp://0.0.0.0:5000']);
  });

  it('outputs raw grey frames of exactly the analysis size, aspect kept', () => {
    expect(outputArgs(o)).toEqual([
      '-map', '0:v:0', '-an', '-sn', '-dn', '-vsync', 'passthrough',
      '-vf', 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2',
      '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1',
    ]);
    expect(decodeArgs(parseSource('a.mp4'), o).slice(0, 5)).toEqual(['-hide_banner', '-nostats', '-nostdin', '-loglevel', 'info']);
  });

  it('adds full-resolution JPEG frames on fd 3 only when asked', () => {
    expect(decodeArgs(parseSource('a.mp4'), o)).not.toContain('pipe:3');
    const full = ['-map', '0:v:0', '-an', '-sn', '-dn', '-vsync', 'passthrough', '-pix_fmt', 'yuvj420p', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:3'];
    expect(decodeArgs(parseSource('a.mp4'), { ...o, fullResQuality: 3 }).slice(-full.length)).toEqual(full);
  });

  it('encodes files bit-exactly and streams as low-latency MPEG-TS, listening on tcp', () => {
    const file = encodeArgs({ width: 320, height: 240, fps: 30, out: 'x.mp4' });
    expect(file).toContain('+bitexact');
    expect(file.slice(file.indexOf('-threads'), file.indexOf('-threads') + 2)).toEqual(['-threads', '2']);
    const tcp = encodeArgs({ width: 320, height: 240, fps: 30, out: 'tcp://127.0.0.1:9000' });
    expect(tcp.slice(-3)).toEqual(['-f', 'mpegts', 'tcp://127.0.0.1:9000?listen=1']);
    expect(tcp).toContain('zerolatency');
  });

  it('reads the input frame rate from the stream line', () => {
    expect(parseInputFps('    Stream #0:0(und): Video: h264 (High), yuv420p, 640x480, 120 kb/s, 29.97 fps, 29.97 tbr, 30k tbn')).toBe(29.97);
    expect(parseInputFps('Output #0, rawvideo')).toBeNull();
  });

  it('turns ffmpeg errors into short reasons', () => {
    expect(ffmpegReason(['[mov,mp4 @ 0x1] moov atom not found', 'x.mp4: Invalid data found when processing input'])).toMatch(/moov atom not found/);
    expect(ffmpegReason(['srt://h:1: Protocol not found'])).toMatch(/srt/i);
    expect(ffmpegReason(['tcp://127.0.0.1:1: Connection refused'])).toBe('connection refused');
  });
});
