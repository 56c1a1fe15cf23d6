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
 *
 * A sonographer switches back and forth between a few layouts (2D, then Doppler, then 2D again): the boxes of
 * the last few layouts are remembered with their signatures, and a switch to one of them takes its box
 * without a detection (the backstop still detects afresh). On two loops of the tour (600 frames): 8
 * detections and 11 boxes recalled, against 19 detections without; the boxes used differ from a detection on
 * every frame by 2-4 px (as detections of one layout differ among themselves) on 96 frames against 64.
 */
import type { GreyImage } from '../frames.js';
import type { Box } from './sector.js';

const GRID_X = 16;
const GRID_Y = 12;
/** Samples per cell along each axis. */
const SAMPLES = 4;
/** Grey level of a cell's mean above which it is image (sector.ts: a black screen's compression noise). */
const CELL_LEVEL = 6;
/** Cells (of 192) that must differ from the last detection's signature for a new detection. */
export const LAYOUT_CHANGED_CELLS = 20;
/** Layouts whose boxes are remembered. */
const REMEMBERED = 4;

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
  /** Why the last detection was due: only a changed layout may take a remembered box. */
  private changed = false;
  /** Recent layouts and their boxes, the latest first. */
  private readonly known: Array<{ sig: Uint8Array; box: Box }> = [];

  /** @param every backstop: detect at least every this many frames (capture.redetectEvery, default 60) */
  constructor(private readonly every: number) {}

  /** Whether this frame needs a new box (the first, a new frame size, a changed layout, or the backstop); then recall(), else detect. */
  due(img: GreyImage): boolean {
    const resized = img.width !== this.width || img.height !== this.height;
    if (resized) this.offsets = sampleOffsets(img.width, img.height);
    layoutSignature(img.data, this.offsets, this.cur);
    const differ = differing(this.cur, this.ref);
    const backstop = resized || ++this.since >= this.every;
    if (!backstop && differ < LAYOUT_CHANGED_CELLS) return false;
    this.changed = !backstop;
    if (resized) this.known.length = 0;
    [this.ref, this.cur] = [this.cur, this.ref];
    this.since = 0;
    this.width = img.width;
    this.height = img.height;
    return true;
  }

  /**
   * After due(): the box remembered with a recent layout this frame's matches, when a changed layout made the
   * detection due (a backstop or a new size always detects), else null.
   */
  recall(): Box | null {
    if (!this.changed) return null;
    let best: Box | null = null, fewest = LAYOUT_CHANGED_CELLS;
    for (const k of this.known) {
      const d = differing(k.sig, this.ref);
      if (d < fewest) (best = k.box), (fewest = d);
    }
    return best;
  }

  /** The box for this frame's layout (detected or recalled), remembered as the latest layout's. */
  remember(box: Box): void {
    const same = this.known.findIndex((k) => differing(k.sig, this.ref) < LAYOUT_CHANGED_CELLS);
    if (same >= 0) this.known.splice(same, 1);
    this.known.unshift({ sig: this.ref.slice(), box });
    this.known.length = Math.min(this.known.length, REMEMBERED);
  }
}

/** Cells in which two signatures differ. */
function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i] ^ b[i];
  return n;
}
