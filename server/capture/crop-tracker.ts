/**
 * Keeps the crop box for a stream: a fixed override, or sector detection when the layout watch says so (the
 * first frame, a changed screen layout, and at least every `every` frames: the layout changes when the
 * sonographer switches mode or depth), or the box of a recent layout the screen has switched back to. The resampling tables are kept while the box stays the same.
 */
import type { GreyImage } from '../frames.js';
import { type Box, detectSector } from './sector.js';
import { CropPlan } from './crop-scale.js';
import { LayoutWatch } from './layout-watch.js';

export class CropTracker {
  private box: Box | null;
  private plan: CropPlan | null = null;
  private readonly watch: LayoutWatch | null;

  /** @param fixed crop=x,y,w,h override; @param every backstop re-detection period in frames (capture.redetectEvery) */
  constructor(fixed?: Box, every = 60) {
    this.box = fixed ?? null;
    this.watch = fixed ? null : new LayoutWatch(every);
  }

  /** The current box, updating it from this frame when due. */
  update(img: GreyImage): Box {
    if (this.watch?.due(img)) {
      this.box = this.watch.recall() ?? detectSector(img);
      this.watch.remember(this.box);
    }
    return this.box!;
  }

  /** Crop and resize a frame to the model input (uint8 outW x outH, into `out` when given). */
  crop(img: GreyImage, outW: number, outH: number, out?: Uint8Array): Uint8Array {
    const box = this.update(img);
    if (!this.plan?.fits(img.width, img.height, box, outW, outH)) this.plan = new CropPlan(img.width, img.height, box, outW, outH);
    return this.plan.apply(img.data, out);
  }

  get current(): Box | null {
    return this.box;
  }
}
