import { readFileSync, readdirSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { detectSector } from '../server/capture/sector.ts';
import { rgbToGrey } from '../server/capture/crop-scale.ts';
import { Phantom } from '../server/phantom/phantom.ts';
import { VIEW_IDS } from '../server/views.ts';
const dir = '/work/shared/real';
for (const f of readdirSync(dir).filter((f) => /\.(png|jpg)$/.test(f))) {
  const buf = readFileSync(`${dir}/${f}`);
  let w: number, h: number, rgba: Uint8Array;
  if (f.endsWith('.png')) { const p = PNG.sync.read(buf); w = p.width; h = p.height; rgba = p.data; }
  else { const j = jpeg.decode(buf, { useTArray: true }); w = j.width; h = j.height; rgba = j.data; }
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) { rgb[i * 3] = rgba[i * 4]; rgb[i * 3 + 1] = rgba[i * 4 + 1]; rgb[i * 3 + 2] = rgba[i * 4 + 2]; }
  console.log(f, w, h, JSON.stringify(detectSector(rgbToGrey(rgb, w, h))));
}
const ph = new Phantom(5, 800, 600);
for (const v of VIEW_IDS) { const fr = ph.frame(ph.canonical(v), 0.3); console.log(v, JSON.stringify(detectSector(rgbToGrey(fr.rgb, 800, 600)))); }
