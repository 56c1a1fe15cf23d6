/**
 * When a live stream's sector detection must run again. Detection costs about a millisecond a frame on the
 * analysis size, and a live source's layout changes only when the sonographer switches mode, depth or
 * machine; so it runs on the first frame, when the screen's coarse layout has changed since the last
 * detection, and at the latest every `every` frames as a backstop.
 *
 * The layout is a signature of the frame: a 16 x 12 grid of cells, each marked when the mean of 16 of its
 * pixels (a sparse 4 x 4 sample) is above a black screen's noise. Measured on the phantom's tour at 320x240
 * (a layout change every 0.5-1 s): a steady layout differs from its own signature in 4-17 cells as the heart
 * beats and the ECG sweeps, a switch of mode or sector in 21-47; a change of 20 cells or more re-detects on
 * the same frame (every switch caught, 10 detections in 300 frames against 20 at every 15th frame). On a light
 * background (a page, not a monitor) every cell is marked and only the backstop applies.
 */
import type { GreyImage } from '../frames.js';

const GRID_X = 16;
const GRID_Y = 12;
/** Samples per cell along each axis. */
const SAMPLES = 4;
/** Grey level of a cell's mean above which it is image (sector.ts: a black screen's compression noise). */
const CELL_LEVEL = 6;
/** Cells (of 192) that must differ from the last detection's signature for a new detection. */
export const LAYOUT_CHANGED_CELLS = 20;

/** Pixel offsets of every cell's samples in a width x height frame, cell by cell. */
export function sampleOffsets(width: number, height: number): Int32Array {
  const cw = width / GRID_X, ch = height / GRID_Y;
  const out = new Int32Array(GRID_X * GRID_Y * SAMPLES * SAMPLES);
  let k = 0;
  for (let gy = 0; gy < GRID_Y; gy++)
    for (let gx = 0; gx < GRID_X; gx++)
      for (let j = 0; j < SAMPLES; j++) {
        const row = Math.floor(gy * ch + ((j + 0.5) * ch) / SAMPLES) * width;
        for (let i = 0; i < SAMPLES; i++) out[k++] = row + Math.floor(gx * cw + ((i + 0.5) * cw) / SAMPLES);
      }
  return out;
}

/** The coarse layout of a frame's pixels into `out` (GRID_X x GRID_Y, 1 = image), sampled at `offsets`. */
export function layoutSignature(data: Uint8Array, offsets: Int32Array, out: Uint8Array = new Uint8Array(GRID_X * GRID_Y)): Uint8Array {
  const n = SAMPLES * SAMPLES, threshold = CELL_LEVEL * n;
  for (let c = 0, k = 0; c < out.length; c++) {
    let sum = 0;
    for (const end = k + n; k < end; k++) sum += data[offsets[k]];
    out[c] = sum > threshold ? 1 : 0;
  }
  return out;
}

export class LayoutWatch {
  /** The signature at the last detection, and this frame's (swapped on a detection: no allocation a frame). */
  private ref = new Uint8Array(GRID_X * GRID_Y);
  private cur = new Uint8Array(GRID_X * GRID_Y);
  private since = 0;
  private width = 0;
  private height = 0;
  private offsets: Int32Array = new Int32Array(0);

  /** @param every backstop: detect at least every this many frames (capture.redetectEvery, default 60) */
  constructor(private readonly every: number) {}

  /** Whether this frame needs a detection (the first, a new frame size, a changed layout, or the backstop). */
  due(img: GreyImage): boolean {
    const resized = img.width !== this.width || img.height !== this.height;
    if (resized) this.offsets = sampleOffsets(img.width, img.height);
    layoutSignature(img.data, this.offsets, this.cur);
    let differ = 0;
    for (let i = 0; i < this.cur.length; i++) differ += this.cur[i] ^ this.ref[i];
    const due = resized || ++this.since >= this.every || differ >= LAYOUT_CHANGED_CELLS;
    if (!due) return false;
    [this.ref, this.cur] = [this.cur, this.ref];
    this.since = 0;
    this.width = img.width;
    this.height = img.height;
    return true;
  }
}
