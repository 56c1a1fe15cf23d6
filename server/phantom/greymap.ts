/**
 * Vendor grey maps: the curve and tint a machine applies to log-compressed echo before display. Real
 * machines differ in contrast (S-shaped or flat maps) and often tint the image (sepia, blue, bronze), which a
 * capture card turns into a slightly different grey after luma conversion.
 */
import type { Rng } from './rng.js';
import type { Rgb } from './canvas.js';

export interface GreyMap {
  /** Exponent on the normalised grey level (below 1 lifts mid-greys, above 1 darkens them). */
  gamma: number;
  /** Highlight contrast, 0 (linear) to 1: bright tissue pushed brighter; levels below mid-grey are left alone. */
  contrast: number;
  /** Colour of full white (per channel, 0-255): grey, sepia, blue or bronze. */
  tint: Rgb;
}

const TINTS: Rgb[] = [[255, 255, 255], [255, 255, 255], [255, 236, 205], [215, 230, 255], [255, 225, 180]];

export function sampleGreyMap(rng: Rng): GreyMap {
  return { gamma: rng.range(0.8, 1.2), contrast: rng.range(0, 0.6), tint: rng.pick(TINTS) };
}

/** The map as a lookup table: 256 RGB triples (768 bytes), index = grey level. Level 0 stays 0 (outside the fan). */
export function greyMapLut(m: GreyMap): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let v = 1; v < 256; v++) {
    const g = (v / 255) ** m.gamma;
    const s = g > 0.5 ? g + m.contrast * (g - 0.5) * (2 - 2 * g) : g; // fixed at 0.5 and 1
    const y = Math.max(1 / 255, Math.min(1, s));
    for (let c = 0; c < 3; c++) lut[v * 3 + c] = Math.max(1, Math.round(y * m.tint[c]));
  }
  return lut;
}
