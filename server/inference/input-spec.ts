/**
 * The model input every part agrees on: grey frames cropped to the detected image region and resampled to
 * 80x60 (Madani et al. used 60x80 grey frames). Datasets record it in their manifest and models in their card;
 * a mismatch is refused at load time.
 */
export const INPUT_WIDTH = 80;
export const INPUT_HEIGHT = 60;

export const PREPROCESSING = {
  grey: 'full-range BT.601 luma (ffmpeg gray)',
  crop: 'image region found by capture/sector.ts (solid bright regions; text, ECG and bars excluded), or crop=x,y,w,h',
  resize: `area average to ${INPUT_WIDTH}x${INPUT_HEIGHT}, aspect not kept`,
  scale: 'uint8 0-255 divided by 255; per-image standardisation happens inside the model',
} as const;
