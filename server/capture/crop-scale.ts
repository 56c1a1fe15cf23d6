import type { GreyImage } from '../frames.js';
import type { Box } from './sector.js';

/**
 * Crop a grey image to `box` and resample it to outW x outH by area averaging (each output pixel is the
 * mean of the source pixels it covers), writing into `out` (uint8, row-major). Aspect is not preserved:
 * the model always sees the image stretched to its input, exactly as in training.
 */
export function cropScale(img: GreyImage, box: Box, outW: number, outH: number, out: Uint8Array = new Uint8Array(outW * outH)): Uint8Array {
  const bx = Math.max(0, Math.min(img.width - 1, box.x)), by = Math.max(0, Math.min(img.height - 1, box.y));
  const bw = Math.max(1, Math.min(img.width - bx, box.w)), bh = Math.max(1, Math.min(img.height - by, box.h));
  const sx = bw / outW, sy = bh / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = by + Math.floor(oy * sy), y1 = Math.max(y0 + 1, by + Math.floor((oy + 1) * sy));
    for (let ox = 0; ox < outW; ox++) {
      const x0 = bx + Math.floor(ox * sx), x1 = Math.max(x0 + 1, bx + Math.floor((ox + 1) * sx));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * img.width;
        for (let x = x0; x < x1; x++) sum += img.data[row + x];
      }
      out[oy * outW + ox] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}


/**
 * Fit an image into outW x outH keeping its aspect, centred on black (what ffmpeg's scale+pad does for
 * video sources), so every source reaches sector detection at the same analysis size.
 */
export function letterbox(img: GreyImage, outW: number, outH: number, out: Uint8Array = new Uint8Array(outW * outH)): GreyImage {
  out.fill(0);
  const k = Math.min(outW / img.width, outH / img.height);
  const w = Math.max(1, Math.round(img.width * k)), h = Math.max(1, Math.round(img.height * k));
  const x0 = Math.floor((outW - w) / 2), y0 = Math.floor((outH - h) / 2);
  const inner = cropScale(img, { x: 0, y: 0, w: img.width, h: img.height }, w, h);
  for (let y = 0; y < h; y++) out.set(inner.subarray(y * w, (y + 1) * w), (y0 + y) * outW + x0);
  return { data: out, width: outW, height: outH };
}
