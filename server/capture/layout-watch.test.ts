import { describe, expect, it } from 'vitest';
import { LayoutWatch, layoutSignature, sampleOffsets } from './layout-watch.js';
import { rgbToGrey, type GreyImage } from '../frames.js';
import { Phantom } from '../phantom/phantom.js';

/** A dark screen with a bright speckled rectangle (the image) and its noise drawn from `seed`. */
function screen(box: { x: number; y: number; w: number; h: number }, seed: number, width = 320, height = 240): GreyImage {
  const data = new Uint8Array(width * height);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) data[y * width + x] = 40 + rand() * 180;
  return { data, width, height };
}

describe('layout watch', () => {
  it('detects on the first frame, then not while the layout holds, then at the backstop', () => {
    const w = new LayoutWatch(5);
    const due = Array.from({ length: 11 }, (_, i) => w.due(screen({ x: 60, y: 30, w: 200, h: 180 }, i + 1)));
    expect(due).toEqual([true, false, false, false, false, true, false, false, false, false, true]);
  });

  it('detects on the very frame the layout changes, and on a new frame size', () => {
    const w = new LayoutWatch(1000);
    w.due(screen({ x: 60, y: 30, w: 200, h: 180 }, 1));
    expect(w.due(screen({ x: 60, y: 30, w: 200, h: 180 }, 2))).toBe(false);
    expect(w.due(screen({ x: 20, y: 30, w: 280, h: 120 }, 3))).toBe(true);
    expect(w.due(screen({ x: 20, y: 30, w: 280, h: 120 }, 4))).toBe(false);
    expect(w.due(screen({ x: 20, y: 30, w: 280, h: 120 }, 5, 640, 480))).toBe(true);
  });

  it('holds still through the beating heart of a phantom view and reacts to its switch into a Doppler mode', () => {
    const ph = new Phantom(3, 320, 240);
    const frame = (state: ReturnType<Phantom['canonical']>, t: number) => rgbToGrey(ph.frame(state, t).rgb, 320, 240);
    const w = new LayoutWatch(1000);
    const a4c = ph.canonical('a4c');
    const beats = Array.from({ length: 12 }, (_, i) => w.due(frame(a4c, i / 12)));
    expect(beats[0]).toBe(true);
    expect(beats.slice(1)).not.toContain(true);
    expect(w.due(frame({ ...a4c, mode: 'pw' }, 1))).toBe(true);
  });

  it('marks the cells whose samples are above a black screen', () => {
    const img = screen({ x: 0, y: 0, w: 160, h: 240 }, 7);
    const sig = layoutSignature(img.data, sampleOffsets(320, 240));
    expect(sig.length).toBe(192);
    for (let c = 0; c < 192; c++) expect(sig[c], `cell ${c}`).toBe(c % 16 < 8 ? 1 : 0);
  });

  it('recalls the box of a layout the screen switches back to, but detects afresh at the backstop', () => {
    const w = new LayoutWatch(6);
    const fan = { x: 60, y: 30, w: 200, h: 180 }, doppler = { x: 20, y: 30, w: 280, h: 120 };
    const step = (box: typeof fan, seed: number) => (w.due(screen(box, seed)) ? (w.recall() ?? 'detect') : 'keep');
    expect(step(fan, 1)).toBe('detect');
    w.remember(fan);
    expect(step(doppler, 2)).toBe('detect');
    w.remember(doppler);
    expect(step(fan, 3)).toEqual(fan);
    w.remember(fan);
    expect(step(fan, 4)).toBe('keep');
    expect(step(doppler, 5)).toEqual(doppler);
    w.remember(doppler);
    for (let i = 6; i < 11; i++) expect(step(doppler, i)).toBe('keep');
    expect(step(doppler, 11)).toBe('detect');
  });
});
