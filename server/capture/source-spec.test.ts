import { describe, expect, it } from 'vitest';
import { parseSource, splitSpec } from './source-spec.js';

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
    ['scan#2.mp4', 'scan#2.mp4', ''],
    ['scan#2.mp4#loop', 'scan#2.mp4', 'loop'],
    ['noext#loop;crop=1,2,3,4', 'noext', 'loop;crop=1,2,3,4'],
    ['c.mp4#bogus', 'c.mp4', 'bogus'],
    ['odd#name.mp4#1#', 'odd#name.mp4#1', ''],
    ['rtsp://h/s#fps=25', 'rtsp://h/s', 'fps=25'],
    ['sim:a4c#seconds=3', 'sim:a4c', 'seconds=3'],
  ])("splits %j at the '#' that starts options", (spec, location, options) => {
    expect(splitSpec(spec)).toEqual({ location, options });
  });

  it("takes a '#' in a file name as part of the name", () => {
    expect(parseSource('/data/echo #3.dcm')).toMatchObject({ kind: 'dicom', location: '/data/echo #3.dcm', options: {} });
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
