/**
 * The adapt half (split=adapt) of a set under ../shared/real as a dataset, through `dataset import` (the live
 * capture path), with every frame filed as `none` and the set's labels never read:
 *   negatives: BUSI breast ultrasound (CC BY 4.0), trained on as `none` (train.py --extra);
 *   pool:      real echo frames for unlabelled statistics only (train.py --ood-fit), never trained on.
 * Never the measuring half, never val/. Skips with a message when ../shared/real is absent.
 *   tsx scripts/import-real-adapt.ts --set negatives|pool [--out .tmp/<set>-adapt] [--size 80x60] [--margin 0.125]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { datasetImport } from '../server/commands/dataset-import.js';
import { parseCsv } from '../server/evaluation/label-table.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const set = arg('--set', '');
if (set !== 'negatives' && set !== 'pool') {
  console.error('import-real-adapt: --set must be negatives or pool');
  process.exit(2);
}
const root = resolve('../shared/real', set);
const csv = join(root, 'labels.csv');
if (!existsSync(csv)) {
  console.error(`import-real-adapt: ${csv} is absent; nothing to import`);
  process.exit(0);
}
const out = arg('--out', `.tmp/${set}-adapt`);
const staging = `${out}.src`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'none'), { recursive: true });
const [header, ...body] = parseCsv(readFileSync(csv, 'utf8'));
const [pathCol, splitCol] = ['path', 'split'].map((h) => header.indexOf(h));
const paths = body.filter((r) => r[splitCol] === 'adapt').map((r) => r[pathCol]);
paths.forEach((p, i) => symlinkSync(resolve(root, p), join(staging, 'none', `${String(i).padStart(4, '0')}-${p.split('/').pop()}`)));
await datasetImport(staging, { out, size: arg('--size', '80x60'), margin: arg('--margin', '0.125') });
console.error(`import-real-adapt: ${paths.length} adapt-half frames of ${set} in ${out} (labels not read)`);
