/**
 * A labelled set of phantom clips in a machine look the shipped model never saw (phantom/look.ts), for
 * measuring teaching: one 1-s clip per view and seed, and a CSV (path,view,clip) beside them.
 *   tsx scripts/phantom-look-set.ts [--look bronze-mirrored] [--seeds 201,202,203] [--out .tmp/look-set]
 *   npx echolive evaluate --data .tmp/look-set/labels.csv --teach 5
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../server/commands/simulate.js';
import { VIEW_IDS } from '../server/views.js';

const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const look = arg('--look', 'bronze-mirrored');
const seeds = arg('--seeds', '201,202,203').split(',').map(Number);
const out = arg('--out', '.tmp/look-set');
mkdirSync(out, { recursive: true });
const rows = ['path,view,clip'];
for (const seed of seeds) {
  for (const view of VIEW_IDS) {
    const file = `${view}-${seed}.mp4`;
    await simulate({ view, seconds: '1', seed: String(seed), size: '640x480', look, out: join(out, file) });
    rows.push(`${file},${view},${view}-${seed}`);
    process.stderr.write(`\r${rows.length - 1}/${seeds.length * VIEW_IDS.length} clips`);
  }
}
writeFileSync(join(out, 'labels.csv'), rows.join('\n') + '\n');
process.stderr.write(`\n${join(out, 'labels.csv')}: ${rows.length - 1} clips in the ${look} look\n`);
