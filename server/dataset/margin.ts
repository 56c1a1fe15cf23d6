/**
 * Dataset frames keep a margin around the detected image (docs/dataset.md): each stored frame is the sector
 * box grown by `margin` of its size on every side, resampled so that the sector itself lands on a fixed
 * rectangle of `sector.width x sector.height` pixels. Training crops that rectangle (jittered, for random
 * crops) and resizes it to the model input; the centre crop at the same size is what the live path feeds.
 * Outside the captured screen the margin is black.
 */
import type { GreyImage } from '../frames.js';
import type { Box } from '../capture/sector.js';
import { cropScale } from '../capture/crop-scale.js';

/** Where the sector lies in a stored frame, px. */
export interface MarginLayout {
  /** Stored frame size, px. */
  width: number;
  height: number;
  /** The sector's rectangle inside the stored frame, px. */
  sector: { x: number; y: number; width: number; height: number };
  /** Margin on each side as a fraction of the sector size. */
  margin: number;
}

/**
 * The layout for a sector of `width x height` px with `margin` (0-1) of its size on each side.
 * @example marginLayout(80, 60, 0.125) -> 100 x 76 frames, sector at (10, 8)
 */
export function marginLayout(width: number, height: number, margin: number): MarginLayout {
  const mx = Math.round(width * margin), my = Math.round(height * margin);
  return { width: width + 2 * mx, height: height + 2 * my, sector: { x: mx, y: my, width, height }, margin };
}

/** A copy of `img` with `l`, `t`, `r`, `b` black pixels added on the left, top, right and bottom. */
function pad(img: GreyImage, l: number, t: number, r: number, b: number): GreyImage {
  const width = img.width + l + r, height = img.height + t + b;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + t) * width + l);
  return { data, width, height };
}

/**
 * Crop `box` (the detected image, source px) with the layout's margin around it and resample (area average)
 * to the stored frame size.
 */
export function marginCrop(img: GreyImage, box: Box, layout: MarginLayout, out: Uint8Array = new Uint8Array(layout.width * layout.height)): Uint8Array {
  const sx = box.w / layout.sector.width, sy = box.h / layout.sector.height;
  const x = Math.round(box.x - layout.sector.x * sx), y = Math.round(box.y - layout.sector.y * sy);
  const w = Math.max(1, Math.round(layout.width * sx)), h = Math.max(1, Math.round(layout.height * sy));
  const l = Math.max(0, -x), t = Math.max(0, -y), r = Math.max(0, x + w - img.width), b = Math.max(0, y + h - img.height);
  const src = l || t || r || b ? pad(img, l, t, r, b) : img;
  return cropScale(src, { x: x + l, y: y + t, w, h }, layout.width, layout.height, out);
}

/** The sector of a stored frame resized (area average) to the model input: what the live path would feed. */
export function sectorCrop(frame: Uint8Array, layout: MarginLayout, outW: number, outH: number, out?: Uint8Array): Uint8Array {
  const s = layout.sector;
  return cropScale({ data: frame, width: layout.width, height: layout.height }, { x: s.x, y: s.y, w: s.width, h: s.height }, outW, outH, out);
}
