import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { Phantom } from '../server/phantom/phantom.ts';
import { VIEW_IDS } from '../server/views.ts';
const seed = Number(process.argv[2] ?? 1);
const W = 400, H = 300, cols = 5;
const png = new PNG({ width: W * cols, height: H * 3 });
const ph = new Phantom(seed, W, H);
let t0 = performance.now();
VIEW_IDS.forEach((v, i) => {
  const f = ph.frame(ph.canonical(v), 0.5);
  console.log(v, f.label);
  const ox = (i % cols) * W, oy = Math.floor(i / cols) * H;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const s = (y * W + x) * 3, d = ((oy + y) * W * cols + ox + x) * 4;
    png.data[d] = f.rgb[s]; png.data[d + 1] = f.rgb[s + 1]; png.data[d + 2] = f.rgb[s + 2]; png.data[d + 3] = 255;
  }
});
console.log('ms', performance.now() - t0);
writeFileSync('/tmp/montage.png', PNG.sync.write(png));
