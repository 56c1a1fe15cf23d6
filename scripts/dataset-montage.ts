/**
 * "See what the model sees": tile model inputs into one PNG with their labels. From a dataset folder it
 * tiles the stored frames; from a CSV of path,view (header names `path` or `file`, and `view`; paths
 * relative to the CSV, e.g. ../shared/real/val/labels.csv) it sends the first frame of every file through
 * the live capture path (decode, analysis size, sector detection, crop, resize) and tiles the crops.
 * Pictures of files under ../shared/real other than its twelve top-level stills must not be committed, so the
 * output must lie outside the repository or in a git-ignored folder (e.g. /tmp, .tmp/, reports/).
 * Usage: tsx scripts/dataset-montage.ts <dataset dir | labels.csv> <out.png> [--count 64] [--columns 8] [--size 80x60]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { layoutOf } from '../server/dataset/reader.js';
import { captureDefaults } from '../server/config/capture.js';
import { CropTracker } from '../server/capture/crop-tracker.js';
import { openSource } from '../server/sources.js';
import type { GreyFrame, GreyImage } from '../server/frames.js';
import { Canvas, canvasPng } from '../server/phantom/canvas.js';

const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const [input, out] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!input || !out) {
  console.error('usage: tsx scripts/dataset-montage.ts <dataset dir | labels.csv> <out.png> [--count 64] [--columns 8] [--size 80x60]');
  process.exit(2);
}
const repo = resolve(new URL('..', import.meta.url).pathname);
const outPath = resolve(out);
const inRepo = !relative(repo, outPath).startsWith('..');
if (inRepo && spawnSync('git', ['check-ignore', '-q', outPath], { cwd: repo }).status !== 0) {
  console.error(`dataset-montage: ${out}: inside the repository and not ignored; write to /tmp or an ignored folder`);
  process.exit(2);
}
const count = Number(opt('--count', '64')), cols = Number(opt('--columns', '8'));
const [w, h] = opt('--size', '80x60').split('x').map(Number);

/** The stored frames and labels of a dataset folder. */
function fromDataset(dir: string): Array<{ frame: Uint8Array; label: string }> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const { width: fw, height: fh } = layoutOf(m); // version 1 (input size) and 2 (frame with margin) alike
  const frames = readFileSync(join(dir, m.frames));
  const labels = readFileSync(join(dir, m.labels), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
  return labels.slice(0, count).map((label, i) => ({ frame: scale({ data: frames.subarray(i * fw * fh, (i + 1) * fw * fh), width: fw, height: fh }), label }));
}

/** Nearest-neighbour resize to the tile size (dataset frames may carry a margin or another input size). */
function scale(g: GreyImage): Uint8Array {
  const o = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) o[y * w + x] = g.data[Math.floor((y * g.height) / h) * g.width + Math.floor((x * g.width) / w)];
  return o;
}

/** The model input for the first frame of a file, through the live capture path. */
async function firstCrop(path: string): Promise<Uint8Array> {
  const source = openSource(path, { ...captureDefaults, realtime: false, seed: 1, fps: 30, tourSeconds: 90 });
  const tracker = new CropTracker(undefined, captureDefaults.redetectEvery);
  return new Promise<Uint8Array>((res, rej) => {
    let done = false;
    source.on('frame', (f: GreyFrame) => {
      if (done) return;
      done = true;
      res(tracker.crop(f, w, h));
      void source.stop();
    });
    source.on('error', rej);
    source.on('end', () => done || rej(new Error(`${path}: no frame`)));
    source.start();
  });
}

async function fromCsv(csv: string): Promise<Array<{ frame: Uint8Array; label: string }>> {
  const [head, ...rows] = readFileSync(csv, 'utf8').trim().split('\n').map((l) => l.split(','));
  const pi = head.findIndex((c) => c === 'path' || c === 'file'), vi = head.indexOf('view');
  if (pi < 0 || vi < 0) throw new Error(`${csv}: needs path (or file) and view columns`);
  const tiles: Array<{ frame: Uint8Array; label: string }> = [];
  for (const r of rows.slice(0, count)) {
    try {
      tiles.push({ frame: await firstCrop(resolve(dirname(csv), r[pi])), label: r[vi] });
    } catch (e) {
      console.error(`skipped ${r[pi]}: ${(e as Error).message}`);
    }
  }
  return tiles;
}

const tiles = input.endsWith('.csv') ? await fromCsv(input) : fromDataset(input);
const zoom = 2, cellW = w * zoom + 4, cellH = h * zoom + 16;
const cv = new Canvas(cols * cellW, Math.ceil(tiles.length / cols) * cellH);
tiles.forEach((t, i) => {
  const ox = (i % cols) * cellW, oy = Math.floor(i / cols) * cellH;
  for (let y = 0; y < h * zoom; y++)
    for (let x = 0; x < w * zoom; x++) {
      const v = t.frame[Math.floor(y / zoom) * w + Math.floor(x / zoom)];
      cv.set(ox + x, oy + y, [v, v, v]);
    }
  cv.text(ox + 2, oy + h * zoom + 3, t.label, 1, [255, 220, 120]);
});
writeFileSync(outPath, canvasPng(cv));
console.log(`dataset-montage: ${tiles.length} tiles -> ${outPath}`);
process.exit(0);
