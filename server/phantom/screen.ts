/**
 * The simulated ultrasound monitor as a capture card sees it: the image on black, vendor text at the top
 * left, grey bar, depth ticks, orientation dot, a moving ECG with heart rate, and on some presets a header
 * bar with (blurred) patient details. Layout and colours vary by "machine preset".
 */
import { Canvas, type Rgb } from './canvas.js';
import { CELL_H, CELL_W } from './font.js';
import { ecgVoltage, phaseAt, type Timing } from './cardiac.js';
import type { Rng } from './rng.js';

export interface ScreenPreset {
  vendor: string;
  probe: string;
  header: boolean;
  /** Image centre x as a fraction of the width. */
  imageCx: number;
  /** Top of the image area and its height, fractions of the screen height. */
  imageTop: number;
  imageHeight: number;
  textColor: Rgb;
  ecgColor: Rgb;
  dotColor: Rgb;
  barRight: boolean;
}

const VENDORS = ['ECHOSIM', 'SONOVIEW', 'CARDIOSCAN', 'VIVOSIM'];

export function samplePreset(rng: Rng): ScreenPreset {
  const header = rng.next() < 0.4;
  const imageTop = (header ? 0.1 : 0.05) + rng.range(0, 0.04);
  return {
    vendor: rng.pick(VENDORS),
    probe: rng.pick(['P4-2', 'S5-1', 'M5SC', '3SP', 'X5-1']),
    header,
    imageCx: rng.range(0.45, 0.58),
    imageTop,
    imageHeight: rng.range(0.66, 0.78) - (imageTop - 0.05),
    textColor: rng.pick<Rgb>([[220, 220, 220], [200, 200, 160], [150, 200, 230]]),
    ecgColor: rng.pick<Rgb>([[40, 220, 60], [80, 230, 80], [230, 230, 60]]),
    dotColor: rng.pick<Rgb>([[240, 150, 30], [60, 140, 255], [230, 230, 230]]),
    barRight: rng.next() < 0.5,
  };
}

/** Text size (font pixel scale) for a screen height. */
export function textScale(height: number): number {
  return Math.max(1, Math.round(height / 300));
}

/** Everything around the image: header, vendor text, grey bar, ECG. `lines` are the acquisition read-outs. */
export function drawChrome(cv: Canvas, p: ScreenPreset, timing: Timing, time: number, lines: string[]): void {
  const { width: W, height: H } = cv;
  const px = textScale(H);
  if (p.header) {
    cv.rect(0, 0, W, H * 0.06, [38, 40, 46]);
    cv.text(W * 0.02, H * 0.015, `${p.vendor}   ID ****-****   NAME ******`, px, [190, 190, 190]);
  }
  const y0 = H * (p.header ? 0.075 : 0.02);
  [p.vendor, p.probe, ...lines].forEach((s, i) => cv.text(W * 0.015, y0 + i * CELL_H * px * 1.3, s, px, p.textColor));
  // Grey-scale bar.
  const bx = p.barRight ? W * 0.95 : W * 0.015;
  const by = H * 0.35, bh = H * 0.25;
  for (let i = 0; i < bh; i++) {
    const v = Math.round(255 * (1 - i / bh));
    cv.rect(bx, by + i, Math.max(4, W * 0.012), 1, [v, v, v]);
  }
  // ECG: a sweeping trace over the last 3 s with the heart rate.
  const ey = H * 0.9, eh = H * 0.06, ex0 = W * 0.12, ew = W * 0.72;
  let prev: [number, number] | null = null;
  for (let i = 0; i <= ew; i += 2) {
    const t = time - 3 * (1 - i / ew);
    const v = ecgVoltage(phaseAt(timing, t));
    const pt: [number, number] = [ex0 + i, ey - v * eh];
    if (prev) cv.line(prev[0], prev[1], pt[0], pt[1], p.ecgColor, Math.max(1, px));
    prev = pt;
  }
  cv.text(ex0 + ew + W * 0.02, ey - eh * 0.5, `HR ${Math.round(timing.heartRate)}`, px, p.ecgColor);
}

/**
 * Depth marks down the right side of an image (a dot every cm, a larger one every 5 cm with its depth half a
 * character to the right), and the orientation dot. Dots, not dashes: a dash before the number read as a
 * minus sign ("-5", "-10").
 */
export function drawDepthScale(cv: Canvas, p: ScreenPreset, x: number, top: number, pxPerCm: number, depthCm: number, dotX: number): void {
  const px = textScale(cv.height);
  for (let cm = 0; cm <= depthCm; cm++) {
    const y = top + cm * pxPerCm;
    const size = Math.max(1, px) * (cm % 5 === 0 ? 3 : 2);
    cv.rect(x, y - size / 2, size, size, [200, 200, 200]);
    if (cm % 5 === 0 && cm > 0) cv.text(x + 3 * Math.max(1, px) + (CELL_W * px) / 2, y - (CELL_H * px) / 2, String(cm), px, [200, 200, 200]);
  }
  cv.rect(dotX - 3 * px, top + 2, 4 * px, 4 * px, p.dotColor);
}

