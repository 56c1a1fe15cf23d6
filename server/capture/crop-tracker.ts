/**
 * Keeps the crop box for a stream: a fixed override, or sector detection on the first frame and again every
 * `every` frames (the screen layout changes when the sonographer switches mode or depth).
 */
import type { GreyImage } from '../frames.js';
import { type Box, detectSector } from './sector.js';
import { cropScale } from './crop-scale.js';

export class CropTracker {
  private box: Box | null;
  private count = 0;

  /** @param fixed crop=x,y,w,h override; @param every re-detect period in frames (default 15) */
  constructor(private readonly fixed?: Box, private readonly every = 15) {
    this.box = fixed ?? null;
  }

  /** The current box, updating it from this frame when due. */
  update(img: GreyImage): Box {
    if (!this.fixed && (this.box === null || this.count % this.every === 0)) this.box = detectSector(img);
    this.count++;
    return this.box!;
  }

  /** Crop and resize a frame to the model input (uint8 outW x outH). */
  crop(img: GreyImage, outW: number, outH: number, out?: Uint8Array): Uint8Array {
    return cropScale(img, this.update(img), outW, outH, out);
  }

  get current(): Box | null {
    return this.box;
  }
}
