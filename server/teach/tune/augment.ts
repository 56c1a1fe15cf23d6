/**
 * Small random changes to a taught crop while fine-tuning, as a probe is never held twice the same: zoom x0.9-1.1,
 * rotation up to 5 degrees, shift up to 3.5% of the crop, and a grey-level gamma of x0.67-1.5 (the kit's geometric and
 * gain changes, training/augment.py, kept mild: the taught frames are few). Pure (the random source is passed in).
 */

/** Limits of the random changes. */
export const AUGMENT = { zoom: 0.1, rotateRad: (5 * Math.PI) / 180, shift: 0.035, logGamma: 0.4 } as const;

/** One augmented copy of a uint8 crop (width x height) as floats 0-1: bilinear affine resample about the centre, zeros outside. */
export function augmentCrop(crop: Uint8Array, width: number, height: number, rnd: () => number, out = new Float32Array(width * height)): Float32Array {
  const u = () => rnd() * 2 - 1;
  const s = 1 + u() * AUGMENT.zoom, r = u() * AUGMENT.rotateRad;
  const dx = u() * AUGMENT.shift * width, dy = u() * AUGMENT.shift * height;
  const g = Math.exp(u() * AUGMENT.logGamma);
  const c = Math.cos(r) / s, sn = Math.sin(r) / s, cx = (width - 1) / 2, cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Where this output pixel comes from in the crop (the inverse of zoom, rotation and shift).
      const ox = x - cx - dx, oy = y - cy - dy;
      const sx = c * ox + sn * oy + cx, sy = -sn * ox + c * oy + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      let v = 0;
      for (let j = 0; j < 2; j++) {
        for (let i = 0; i < 2; i++) {
          const px = x0 + i, py = y0 + j;
          if (px < 0 || py < 0 || px >= width || py >= height) continue;
          v += crop[py * width + px] * (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
        }
      }
      out[y * width + x] = (v / 255) ** g;
    }
  }
  return out;
}
