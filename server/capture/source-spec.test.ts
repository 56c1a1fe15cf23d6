import { describe, expect, it } from 'vitest';
import { parseSource } from './source-spec.js';

describe('source specs', () => {
  it.each([
    ['clip.mp4', 'video'], ['loop.gif', 'video'], ['a.AVI', 'video'], ['still.png', 'still'], ['s.jpg', 'still'],
    ['cine.dcm', 'dicom'], ['/dev/video0', 'v4l2'], ['rtsp://h/s', 'network'], ['udp://0.0.0.0:5000', 'network'],
    ['srt://h:9000', 'network'], ['https://h/c.mp4', 'network'], ['sim:a4c', 'phantom'], ['sim:tour', 'phantom'],
  ])('reads %s as a %s source', (spec, kind) => {
    expect(parseSource(spec).kind).toBe(kind);
  });

  it('parses options after #', () => {
    expect(parseSource('c.mp4#loop;native;crop=1,2,300,200').options).toEqual({ loop: true, native: true, crop: { x: 1, y: 2, w: 300, h: 200 } });
    expect(parseSource('/dev/video1#size=1280x720;fps=30;format=mjpeg').options).toEqual({ size: '1280x720', fps: 30, format: 'mjpeg' });
  });

  it.each([
    ['sim:nope', /unknown phantom source/],
    ['ftp://h/x', /unsupported protocol ftp/],
    ['c.mp4#crop=1,2,0,5', /crop must be crop=x,y,w,h/],
    ['c.mp4#bogus', /unknown option 'bogus'/],
    ['', /empty source spec/],
  ])('refuses %j with a reason', (spec, re) => {
    expect(() => parseSource(spec)).toThrow(re);
  });
});
