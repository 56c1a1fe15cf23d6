/**
 * One offline input (file, still, DICOM cine, stream or phantom source) opened as the offline commands open it:
 * not paced, phantom sources limited to a few seconds, and every frame cropped to the detected image (or the
 * spec's crop) by a CropTracker. Shared by classify, evaluate and teach.
 */
import { captureDefaults } from '../config/capture.js';
import { parseSource } from '../capture/source-spec.js';
import { CropTracker } from '../capture/crop-tracker.js';
import { openSource } from '../sources.js';
import { drain, type FrameSource, type GreyImage } from '../frames.js';

/** A phantom source runs until stopped; offline, it gives this many seconds (or `#seconds=N`). */
const PHANTOM_OFFLINE_SECONDS = 2;

export interface OfflineInput {
  source: FrameSource;
  still: boolean;
  /** Crop one frame to the model input size, uint8 (a new array). */
  crop: (img: GreyImage) => Uint8Array;
}

/** Open `input` for offline use with crops at `size` (the model input), px. */
export function openOffline(input: string, size: { width: number; height: number }, timeoutS: number): OfflineInput {
  const spec = parseSource(input);
  const tracker = new CropTracker(spec.options.crop, captureDefaults.redetectEvery);
  const source = openSource(spec, {
    ...captureDefaults, realtime: false, timeoutS,
    seed: 1, fps: 30, tourSeconds: 90, seconds: PHANTOM_OFFLINE_SECONDS,
  });
  return { source, still: spec.kind === 'still', crop: (img) => tracker.crop(img, size.width, size.height) };
}

/** Every frame of an input, cropped to `size` (uint8 each), in order. */
export async function inputCrops(input: string, size: { width: number; height: number }, timeoutS: number): Promise<Uint8Array[]> {
  const o = openOffline(input, size, timeoutS);
  const crops: Uint8Array[] = [];
  try {
    await drain(o.source, (f) => crops.push(o.crop(f)));
  } finally {
    await o.source.stop();
  }
  return crops;
}
