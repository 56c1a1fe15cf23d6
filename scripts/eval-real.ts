/**
 * The real-scan figures (issue 10): evaluates a model on ../shared/real's `val`, `pool` (measure half) and
 * `negatives` (measure half) and prints frame, view-frame and clip accuracy, unfamiliar frames, per-class
 * recall and per-source figures; each set's report and confusion picture go to reports/real-<set>/. The real
 * files are never copied: they are read where they are, and the script skips with one line when the folder is
 * absent. Usage: npm run eval:real [-- --model models/x.onnx] [-- --real <dir>]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateSchema, runEvaluation } from '../server/commands/evaluate.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const real = arg('--real') ?? join(ROOT, '..', 'shared', 'real');
const SETS: Array<[string, string]> = [['val', 'val/labels.csv'], ['pool', 'pool/measure.csv'], ['negatives', 'negatives/measure.csv']];

if (!existsSync(real)) {
  console.log(`eval:real: skipped: ${real} not found (the real scans live outside the repository)`);
  process.exit(0);
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
/** " (95% over resampled clips: a-b%)", or nothing without an interval. */
const range = (i: [number, number] | null) => (i ? ` (95% over resampled clips: ${(i[0] * 100).toFixed(1)}-${pct(i[1])})` : '');
for (const [name, csv] of SETS) {
  const data = join(real, csv);
  if (!existsSync(data)) {
    console.log(`${name}: skipped: ${data} not found`);
    continue;
  }
  const { report: r, dir } = await runEvaluation(evaluateSchema.parse({ model: arg('--model'), data, device: 'cpu', report: join(ROOT, 'reports', `real-${name}`) }));
  const u = r.unfamiliar;
  console.log(`\n${name} (${csv}): ${r.frames} frames, frame accuracy ${pct(r.frameAccuracy)}; view frames ${r.viewFrames} at ${pct(r.viewFrameAccuracy)}${range(r.viewFrameInterval)}; ` +
    `clips ${r.clips} at ${pct(r.clipAccuracy)} (majority vote)`);
  if (r.viewFrameAccuracyNoneMasked !== null) console.log(`  view frames with none masked (the model made to name a view): ${pct(r.viewFrameAccuracyNoneMasked)}${range(r.viewFrameNoneMaskedInterval)}`);
  console.log(`  unfamiliar: ${u.onViews} of ${u.viewFrames} view frames (${pct(u.shareOnViews)}, wrong), ${u.onNone} of ${u.noneFrames} none frames (right); ` +
    `frame accuracy without the rule ${pct(u.frameAccuracyWithoutRule)}`);
  const recall = Object.entries(r.perClass).filter(([, v]) => v.support > 0).map(([c, v]) => `${c} ${pct(v.recall)} (${v.support})`);
  console.log(`  recall: ${recall.join(', ')}`);
  for (const [s, f] of Object.entries(r.perSource ?? {})) console.log(`  source ${s}: ${f.frames} frames at ${pct(f.frameAccuracy)}, ${f.clips} clips at ${pct(f.clipAccuracy)}`);
  console.log(`  report and confusion picture: ${dir}`);
}
