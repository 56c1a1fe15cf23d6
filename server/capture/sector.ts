/**
 * Finding the ultrasound image on a captured screen, so that vendor text, ECG, grey bars and header bars
 * never reach the model. The same code serves live frames, the phantom's dataset and `dataset import`.
 *
 * Method: average the grey frame into cells (about 160 across), mark the cells that are not black, fill
 * enclosed holes (dark blood pools inside the heart), keep cells whose neighbourhood is mostly marked (thin
 * strokes such as text and the ECG fall away), find connected regions, keep the large, solid ones (not thin
 * or wide bars), and return the box around them. A spectral or M-mode screen
 * keeps both its reference image and its display, so the box covers the whole study image.
 */
import type { GreyImage } from '../frames.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}


const CELL_MEAN_MIN = 6; // grey level: above a black screen's compression noise
const REGION_MIN_AREA = 0.015; // of all cells
const REGION_MIN_SIDE = 0.12; // of the screen's width or height
const REGION_MIN_FILL = 0.25; // region cells / box cells
const REGION_MAX_ASPECT = 4; // wider than this is a header or status bar

/** Find the image region; falls back to the whole frame when nothing qualifies (e.g. a blank screen). */
export function detectSector(img: GreyImage): Box {
  const { width: W, height: H, data } = img;
  const cell = Math.max(1, Math.round(Math.max(W, H) / 160));
  const cw = Math.floor(W / cell), ch = Math.floor(H / cell);
  const bright = new Uint8Array(cw * ch);
  for (let cy = 0; cy < ch; cy++)
    for (let cx = 0; cx < cw; cx++) {
      let sum = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y++) {
        const row = y * W;
        for (let x = cx * cell; x < (cx + 1) * cell; x++) sum += data[row + x];
      }
      bright[cy * cw + cx] = sum / (cell * cell) > CELL_MEAN_MIN ? 1 : 0;
    }
  fillHoles(bright, cw, ch);
  // Keep cells whose 5x5 neighbourhood is at least 60% bright: strokes a few cells wide vanish.
  const core = new Uint8Array(cw * ch);
  for (let cy = 2; cy < ch - 2; cy++)
    for (let cx = 2; cx < cw - 2; cx++) {
      if (!bright[cy * cw + cx]) continue;
      let n = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) n += bright[(cy + dy) * cw + cx + dx];
      core[cy * cw + cx] = n >= 15 ? 1 : 0;
    }
  const boxes = regions(core, cw, ch).filter(
    (r) =>
      r.area >= REGION_MIN_AREA * cw * ch &&
      r.w >= REGION_MIN_SIDE * cw &&
      r.h >= REGION_MIN_SIDE * ch &&
      r.area / (r.w * r.h) >= REGION_MIN_FILL &&
      r.w / r.h <= REGION_MAX_ASPECT,
  );
  if (!boxes.length) return { x: 0, y: 0, w: W, h: H };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
  }
  // Grow by the neighbourhood radius lost to the core test, back in pixels.
  const X0 = Math.max(0, (x0 - 2) * cell), Y0 = Math.max(0, (y0 - 2) * cell);
  const X1 = Math.min(W, (x1 + 2) * cell), Y1 = Math.min(H, (y1 + 2) * cell);
  return { x: X0, y: Y0, w: X1 - X0, h: Y1 - Y0 };
}

/** Mark every unmarked cell that the border cannot reach through unmarked cells (a hole). */
function fillHoles(mask: Uint8Array, w: number, h: number): void {
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let x = 0; x < w; x++) stack.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y++) stack.push(y * w, y * w + w - 1);
  while (stack.length) {
    const j = stack.pop()!;
    if (mask[j] || outside[j]) continue;
    outside[j] = 1;
    const x = j % w, y = (j - x) / w;
    if (x > 0) stack.push(j - 1);
    if (x < w - 1) stack.push(j + 1);
    if (y > 0) stack.push(j - w);
    if (y < h - 1) stack.push(j + w);
  }
  for (let i = 0; i < mask.length; i++) if (!outside[i]) mask[i] = 1;
}

/** 4-connected regions of a binary grid, with their bounding boxes and areas. */
function regions(mask: Uint8Array, w: number, h: number): Array<Box & { area: number }> {
  const seen = new Uint8Array(w * h);
  const out: Array<Box & { area: number }> = [];
  const stack: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen[i]) continue;
    let area = 0, x0 = w, y0 = h, x1 = 0, y1 = 0;
    stack.push(i);
    seen[i] = 1;
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % w, y = (j - x) / w;
      area++;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
      for (const k of [x > 0 ? j - 1 : -1, x < w - 1 ? j + 1 : -1, y > 0 ? j - w : -1, y < h - 1 ? j + w : -1]) {
        if (k >= 0 && mask[k] && !seen[k]) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    out.push({ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, area });
  }
  return out;
}

/** Parse a "crop=x,y,w,h" override. */
export function parseCrop(s: string): Box | null {
  const m = /^(?:crop=)?(\d+),(\d+),(\d+),(\d+)$/.exec(s.trim());
  if (!m) return null;
  const [x, y, w, h] = m.slice(1).map(Number);
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}
