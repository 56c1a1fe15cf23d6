/**
 * Tile frames of a dataset into one PNG (docs pictures, visual checks).
 * Usage: tsx scripts/dataset-montage.ts <dataset dir> <out.png> [count=64] [columns=8]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const [dir, out, countArg, colsArg] = process.argv.slice(2);
const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
const { width: w, height: h } = m.input;
const frames = readFileSync(`${dir}/${m.frames}`);
const labels = readFileSync(`${dir}/${m.labels}`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
const n = Math.min(Number(countArg ?? 64), m.count), cols = Number(colsArg ?? 8), rows = Math.ceil(n / cols);
const png = new PNG({ width: cols * (w + 2), height: rows * (h + 2) });
for (let i = 0; i < n; i++) {
  const ox = (i % cols) * (w + 2), oy = Math.floor(i / cols) * (h + 2);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = frames[i * w * h + y * w + x], d = ((oy + y) * png.width + ox + x) * 4;
      png.data[d] = png.data[d + 1] = png.data[d + 2] = v;
      png.data[d + 3] = 255;
    }
}
writeFileSync(out, PNG.sync.write(png));
console.log(labels.slice(0, n).map((l, i) => `${i}:${l}`).join(' '));
