/**
 * Machine looks the shipped model never saw in training, for teaching it a scanner it does not know (README,
 * "Teach it your scanner"). The default, `standard`, changes nothing: every existing rendering keeps its bytes.
 *   bronze-mirrored: the image mirrored left-right (the orientation marker on the other side, as radiology
 *                    presets show it), a speckle-reducing smoothing filter, an S-shaped grey map and a bronze
 *                    colour map over the whole screen.
 */
export const LOOKS = ['standard', 'bronze-mirrored'] as const;
export type Look = (typeof LOOKS)[number];

/** Whether a look shows the image mirrored left-right. */
export const mirrors = (look: Look): boolean => look === 'bronze-mirrored';

/** Mirror a grey bitmap left-right in place. */
export function mirrorGrey(img: Uint8Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) img.subarray(y * width, (y + 1) * width).reverse();
}

/** Box blur of a plane in place (horizontal then vertical), radius r px. */
function boxBlur(v: Float32Array, w: number, h: number, r: number): void {
  const tmp = new Float32Array(Math.max(w, h));
  const pass = (n: number, len: number, at: (i: number, j: number) => number) => {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += v[at(i, Math.min(len - 1, Math.max(0, j)))];
      for (let j = 0; j < len; j++) {
        tmp[j] = acc / (2 * r + 1);
        acc += v[at(i, Math.min(len - 1, j + r + 1))] - v[at(i, Math.max(0, j - r))];
      }
      for (let j = 0; j < len; j++) v[at(i, j)] = tmp[j];
    }
  };
  pass(h, w, (y, x) => y * w + x);
  pass(w, h, (x, y) => y * w + x);
}

/** S-shaped grey map: logistic around 0.45 with slope 8, stretched back to 0-1. */
const S_LO = 1 / (1 + Math.exp(3.6)), S_HI = 1 / (1 + Math.exp(-4.4));
/** Bronze colour map: the grey level's share given to red, green and blue. */
const BRONZE = [255, 215, 150];

/** Apply a look's colour stage to a whole RGB24 screen in place (the mirroring happens as the image is drawn). */
export function applyLook(rgb: Uint8Array, width: number, height: number, look: Look): void {
  if (look === 'standard') return;
  const n = width * height;
  const luma = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) luma[i] = (rgb[j] * 77 + rgb[j + 1] * 150 + rgb[j + 2] * 29) / 256;
  boxBlur(luma, width, height, Math.max(1, Math.round(height / 160)));
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const s = (1 / (1 + Math.exp(-(luma[i] / 255 - 0.45) * 8)) - S_LO) / (S_HI - S_LO);
    for (let c = 0; c < 3; c++) rgb[j + c] = Math.round(BRONZE[c] * s);
  }
}
