/**
 * Finding the ultrasound image on a captured screen, so that vendor text, ECG, grey bars, header bars and
 * page margins never reach the model. The same code serves live frames, the phantom's dataset, `dataset
 * import` and evaluation of real screens.
 *
 * Method: take the background level from the frame's border (black on a monitor, white or grey around a
 * figure on a page). A light background is a page: find the figure on it and search again inside it. On a
 * dark background, average the grey frame into cells (about 160 across) and mark the cells that are not
 * black (a cell counts when its mean is above the screen's noise or a quarter of its pixels are: a dim far
 * field is still image), keep cells whose neighbourhood is mostly marked (thin strokes such as text, ECG and
 * depth dots fall away), fill enclosed holes (dark blood pools), find connected regions and keep the large,
 * solid ones (not thin or wide bars). The largest region is the image; regions stacked above or below it
 * join it (the 2D reference over a spectral or M-mode display), regions beside it do not (side-by-side
 * layouts, text panels).
 */
import type { GreyImage } from '../frames.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const CELL_MEAN_MIN = 6; // grey level: above a black screen's compression noise
const PIXEL_ON = 18; // grey level of a pixel that is image rather than noise
const CELL_ON_FRACTION = 0.25; // of a cell's pixels
const PAGE_LEVEL = 100; // border grey level above which the background is a page, not a monitor
const PAGE_CONTRAST = 40; // grey levels a figure's cells differ from the page by
const REGION_MIN_AREA = 0.015; // of all cells
const REGION_MIN_SIDE = 0.12; // of the screen's width or height
const REGION_MIN_FILL = 0.25; // region cells / box cells
const REGION_MAX_ASPECT = 4; // wider than this is a header or status bar
const FAN_TOP_MAX = 0.35; // top rows narrower than this fraction of the region: a fan with its apex there
const STACK_OVERLAP = 0.5; // horizontal overlap (of the narrower) for a region to join the image above or below

/** Find the image region; falls back to the whole frame when nothing qualifies (e.g. a blank screen). */
export function detectSector(img: GreyImage): Box {
  const whole = { x: 0, y: 0, w: img.width, h: img.height };
  if (borderLevel(img) <= PAGE_LEVEL) return findOnDark(img) ?? whole;
  const figure = findOnPage(img);
  if (!figure) return whole;
  const inner = findOnDark(subImage(img, figure));
  return inner ? { x: figure.x + inner.x, y: figure.y + inner.y, w: inner.w, h: inner.h } : figure;
}

/** Median grey level of the outermost pixel rows and columns. */
function borderLevel(img: GreyImage): number {
  const { width: W, height: H, data } = img;
  const hist = new Uint32Array(256);
  for (let x = 0; x < W; x++) hist[data[x]]++, hist[data[(H - 1) * W + x]]++;
  for (let y = 0; y < H; y++) hist[data[y * W]]++, hist[data[y * W + W - 1]]++;
  const half = (2 * W + 2 * H) / 2;
  let acc = 0;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= half) return v;
  return 255;
}

/** The figure on a light page: the largest solid region of cells that differ from the page. */
function findOnPage(img: GreyImage): Box | null {
  const page = borderLevel(img);
  return findRegions(img, page, false, 0);
}

/** The image on a dark screen. */
function findOnDark(img: GreyImage): Box | null {
  return findRegions(img, null, true, 2);
}

function subImage(img: GreyImage, b: Box): GreyImage {
  const data = new Uint8Array(b.w * b.h);
  for (let y = 0; y < b.h; y++) data.set(img.data.subarray((b.y + y) * img.width + b.x, (b.y + y) * img.width + b.x + b.w), y * b.w);
  return { data, width: b.w, height: b.h };
}

/**
 * Cells marked (on a page, those whose mean differs from the page's level by over PAGE_CONTRAST; on a dark
 * screen, those whose mean is above CELL_MEAN_MIN or with CELL_ON_FRACTION of their pixels above PIXEL_ON),
 * thin strokes removed, holes filled,
 * regions filtered; the largest region (with those stacked on it when `stack`), grown by `grow` cells (what
 * the stroke filter takes off a fan's edge), in pixels, or null.
 */
function findRegions(img: GreyImage, page: number | null, stack: boolean, grow: number): Box | null {
  const { width: W, height: H, data } = img;
  const cell = Math.max(1, Math.round(Math.max(W, H) / 160));
  const cw = Math.floor(W / cell), ch = Math.floor(H / cell);
  if (cw < 5 || ch < 5) return null;
  // Cell sums in one pass over the pixels (row by row, for the cache).
  const sums = new Uint32Array(cw * ch), ons = new Uint32Array(cw * ch);
  for (let y = 0; y < ch * cell; y++) {
    const c0 = ((y / cell) | 0) * cw;
    // A cell's pixels of this row summed in registers, then added to the cell once.
    for (let cx = 0, x = y * W; cx < cw; cx++) {
      let sum = 0, on = 0;
      for (const end = x + cell; x < end; x++) {
        const v = data[x];
        sum += v;
        on += v > PIXEL_ON ? 1 : 0;
      }
      sums[c0 + cx] += sum;
      ons[c0 + cx] += on;
    }
  }
  const bright = new Uint8Array(cw * ch);
  const area = cell * cell;
  for (let c = 0; c < bright.length; c++) {
    const mean = sums[c] / area;
    bright[c] = (page === null ? mean > CELL_MEAN_MIN || ons[c] / area >= CELL_ON_FRACTION : Math.abs(mean - page) > PAGE_CONTRAST) ? 1 : 0;
  }
  // Keep cells whose 5x5 neighbourhood is at least 60% marked: strokes a few cells wide vanish. Holes are
  // filled after this, so a trace running below the image cannot enclose the gap between them. The counts
  // come from a summed-area table (one pass instead of 25 reads a cell).
  const sat = new Uint32Array((cw + 1) * (ch + 1));
  for (let cy = 0; cy < ch; cy++) {
    let rowSum = 0;
    for (let cx = 0; cx < cw; cx++) {
      rowSum += bright[cy * cw + cx];
      sat[(cy + 1) * (cw + 1) + cx + 1] = sat[cy * (cw + 1) + cx + 1] + rowSum;
    }
  }
  const core = new Uint8Array(cw * ch);
  for (let cy = 2; cy < ch - 2; cy++)
    for (let cx = 2; cx < cw - 2; cx++) {
      if (!bright[cy * cw + cx]) continue;
      const top = (cy - 2) * (cw + 1), bottom = (cy + 3) * (cw + 1);
      const n = sat[bottom + cx + 3] - sat[bottom + cx - 2] - sat[top + cx + 3] + sat[top + cx - 2];
      core[cy * cw + cx] = n >= 15 ? 1 : 0;
    }
  fillHoles(core, cw, ch);
  const boxes = regions(core, cw, ch)
    .filter(
      (r) =>
        r.area >= REGION_MIN_AREA * cw * ch &&
        r.w >= REGION_MIN_SIDE * cw &&
        r.h >= REGION_MIN_SIDE * ch &&
        r.area / (r.w * r.h) >= REGION_MIN_FILL &&
        r.w / r.h <= REGION_MAX_ASPECT,
    )
    .sort((a, b) => b.area - a.area);
  if (!boxes.length) return null;
  let { x: x0, y: y0 } = boxes[0];
  let x1 = x0 + boxes[0].w, y1 = y0 + boxes[0].h;
  const apex = fanApexX(core, cw, boxes[0]);
  if (apex !== null) {
    // A fan is symmetric about its apex: a far side too dark to see (low gain, dropout) is still image.
    const half = Math.max(apex - x0, x1 - apex);
    x0 = Math.max(0, Math.round(apex - half));
    x1 = Math.min(cw, Math.round(apex + half));
  }
  for (const b of stack ? boxes.slice(1) : []) {
    const overlap = Math.min(x1, b.x + b.w) - Math.max(x0, b.x);
    if (overlap < STACK_OVERLAP * Math.min(x1 - x0, b.w)) continue;
    x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
  }
  const X0 = Math.max(0, (x0 - grow) * cell), Y0 = Math.max(0, (y0 - grow) * cell);
  const X1 = Math.min(W, (x1 + grow) * cell), Y1 = Math.min(H, (y1 + grow) * cell);
  return { x: X0, y: Y0, w: X1 - X0, h: Y1 - Y0 };
}

/**
 * The apex column of a fan-shaped region (cells): the middle of its top rows when they are much narrower than
 * the region, or null for a rectangle (a spectral display, an already cropped image).
 */
function fanApexX(mask: Uint8Array, w: number, b: Box): number | null {
  let lo = Infinity, hi = -Infinity;
  for (let y = b.y; y < b.y + Math.min(3, b.h); y++)
    for (let x = b.x; x < b.x + b.w; x++) if (mask[y * w + x]) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
  if (hi < lo || hi - lo + 1 > FAN_TOP_MAX * b.w) return null;
  return (lo + hi + 1) / 2;
}

/** Mark every unmarked cell that the border cannot reach through unmarked cells (a hole). */
function fillHoles(mask: Uint8Array, w: number, h: number): void {
  // 1: reached from the border (or marked); each cell enters the stack at most once, flagged when pushed.
  const seen = Uint8Array.from(mask);
  const stack = new Int32Array(w * h);
  let top = 0;
  for (let x = 0; x < w; x++) for (const j of [x, (h - 1) * w + x]) if (!seen[j]) (seen[j] = 1), (stack[top++] = j);
  for (let y = 0; y < h; y++) for (const j of [y * w, y * w + w - 1]) if (!seen[j]) (seen[j] = 1), (stack[top++] = j);
  while (top) {
    const j = stack[--top];
    const x = j % w;
    if (x > 0 && !seen[j - 1]) (seen[j - 1] = 1), (stack[top++] = j - 1);
    if (x < w - 1 && !seen[j + 1]) (seen[j + 1] = 1), (stack[top++] = j + 1);
    if (j >= w && !seen[j - w]) (seen[j - w] = 1), (stack[top++] = j - w);
    if (j < (h - 1) * w && !seen[j + w]) (seen[j + w] = 1), (stack[top++] = j + w);
  }
  for (let i = 0; i < mask.length; i++) if (!seen[i]) mask[i] = 1;
}

/** 4-connected regions of a binary grid, with their bounding boxes and areas. */
function regions(mask: Uint8Array, w: number, h: number): Array<Box & { area: number }> {
  const seen = new Uint8Array(w * h);
  const out: Array<Box & { area: number }> = [];
  // Each cell enters the stack at most once (flagged seen when pushed).
  const stack = new Int32Array(w * h);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen[i]) continue;
    let area = 0, x0 = w, y0 = h, x1 = 0, y1 = 0, top = 0;
    stack[top++] = i;
    seen[i] = 1;
    while (top) {
      const j = stack[--top];
      const x = j % w, y = (j - x) / w;
      area++;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
      if (x > 0 && mask[j - 1] && !seen[j - 1]) (seen[j - 1] = 1), (stack[top++] = j - 1);
      if (x < w - 1 && mask[j + 1] && !seen[j + 1]) (seen[j + 1] = 1), (stack[top++] = j + 1);
      if (y > 0 && mask[j - w] && !seen[j - w]) (seen[j - w] = 1), (stack[top++] = j - w);
      if (y < h - 1 && mask[j + w] && !seen[j + w]) (seen[j + w] = 1), (stack[top++] = j + w);
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
