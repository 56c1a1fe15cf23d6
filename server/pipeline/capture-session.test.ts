import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { CaptureSession } from './capture-session.js';
import { autoCaptureSchema } from '../config/auto-capture.js';
import { imageHeader } from '../capture/image-header.js';
import type { FullResFrames, GreyFrame } from '../frames.js';
import type { StateMessage, QualityReading } from '../protocol.js';

const STEP = 1000 / 30;
const epoch = Date.now() - performance.now();
const cfg = autoCaptureSchema.parse({});
const still = jpeg.encode({ data: Buffer.alloc(161 * 121 * 4, 128), width: 161, height: 121 }, 80).data;

/** Recent full-resolution frames, as a `#fullres` source keeps them. */
class FakeFullRes implements FullResFrames {
  frames: Array<{ jpeg: Uint8Array; time: number }> = [];
  latest() {
    return this.frames.at(-1) ?? null;
  }
  since(time: number) {
    return this.frames.filter((f) => f.time >= time);
  }
}

function session(o: { fullRes?: FakeFullRes; phantom?: boolean; on?: boolean }) {
  return new CaptureSession({
    stream: 's1', cfg, on: o.on ?? true, phantom: o.phantom ?? false, fullRes: () => o.fullRes ?? null, jpegSize: imageHeader,
    thumb: (img) => ({ data: img.data.slice(0, 12), width: 4, height: 3 }),
  });
}

/** 3 s of frames and their states (A4C held, with the given quality and truth), frame buffers reused as sources do. */
function play(s: CaptureSession, o: { quality?: QualityReading | null; truth?: string; fullRes?: FakeFullRes; fill?: number }) {
  const buf = new Uint8Array(320 * 240);
  const t0 = performance.now();
  for (let i = 0; i < 90; i++) {
    const time = t0 + i * STEP;
    buf.fill(o.fill ?? i);
    o.fullRes?.frames.push({ jpeg: still, time });
    s.frame({ data: buf, width: 320, height: 240, index: i, mediaTime: i / 30, captureTime: time } as GreyFrame);
    s.state({
      type: 'state', stream: 's1', seq: i, view: 'a4c', candidate: 'a4c', confidence: 1, temporal: 'stable', top3: [], target: null, hint: null,
      protocol: null, captureTs: time + epoch, publishTs: time + epoch, ...(o.quality !== undefined ? { quality: o.quality } : {}), ...(o.truth ? { truth: o.truth } : {}),
    } as StateMessage);
  }
  buf.fill(255);
}

describe('capture session', () => {
  it('keeps full-resolution JPEG frames for a #fullres source and lists their size', () => {
    const fullRes = new FakeFullRes();
    const s = session({ fullRes });
    play(s, { quality: { score: 90 }, fullRes });
    const m = s.message();
    expect(m.clips.map((c) => [c.view, c.resolution, c.width, c.height])).toEqual([['a4c', 'full-res', 161, 121]]);
    expect(m.clips[0].frames).toBeGreaterThanOrEqual(74);
    expect(s.clips()[0].frames.every((f) => 'jpeg' in f && f.jpeg === still)).toBe(true);
    expect(Buffer.from(m.clips[0].thumb!.grey, 'base64')).toHaveLength(12);
  });

  it('keeps copies of the analysis frames for a source without full resolution, unchanged when the source reuses its buffer', () => {
    const s = session({});
    play(s, { quality: { score: 90 } });
    const c = s.clips()[0];
    expect(s.message().clips[0]).toMatchObject({ resolution: 'analysis', width: 320, height: 240 });
    const firsts = c.frames.map((f) => ('grey' in f ? f.grey.data[0] : -1));
    // Frame i was filled with i; the source's buffer now holds 255.
    expect(firsts).toEqual(firsts.map((_, i) => firsts[0] + i));
    expect(firsts.at(-1)).toBeLessThan(90);
  });

  it('captures nothing on a real source without a quality score, while the phantom\'s truth stands in for one', () => {
    const real = session({});
    play(real, { truth: 'a4c' });
    play(real, { quality: null });
    expect(real.clips()).toHaveLength(0);
    const phantom = session({ phantom: true });
    play(phantom, { truth: 'a2c' });
    expect(phantom.clips()).toHaveLength(0);
    play(phantom, { truth: 'a4c' });
    expect(phantom.clips().map((c) => [c.view, c.quality])).toEqual([['a4c', 100]]);
  });

  it('bumps the indicator\'s revision when a clip is kept, capture is switched, or the session is deleted', () => {
    const s = session({ on: false });
    expect(s.indicator()).toEqual({ on: false, views: 0, rev: 0, full: false });
    s.setOn(true);
    play(s, { quality: { score: 95 } });
    const kept = s.indicator();
    expect(kept.on && kept.views === 1 && kept.rev > 1).toBe(true);
    s.clear();
    expect(s.indicator()).toMatchObject({ views: 0, rev: kept.rev + 1 });
  });
});
