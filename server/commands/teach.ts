/**
 * `echolive teach --data <folder of <view>/* files | CSV of path,view[,clip]> --out profiles/<name>.json [--fine-tune]`:
 * a profile taught from labelled files (images, clips, DICOM cines), as the dashboard's Teach mode would from a
 * live stream: each file cropped like live frames, at most `--frames-per-clip` frames from a clip, spread evenly.
 * --fine-tune also tunes the network's last layers on the frames (teach/tune; about half a minute on 2 cores).
 */
import { basename } from 'node:path';
import { statSync, existsSync } from 'node:fs';
import { z } from 'zod';
import { Engine } from '../inference/engine.js';
import { inferenceSchema } from '../config/inference.js';
import { teachDefaults } from '../config/teach.js';
import { validate } from '../config/validate.js';
import { UserError } from '../errors.js';
import { readLabelTable, readLabelledFolder } from '../evaluation/label-table.js';
import { engineEmbedder, modelIdentity } from '../embedder.js';
import { profileFrom } from '../teach/fit-profile.js';
import { fineTunedProfile } from '../tuned-engine.js';
import { PROFILE_NAME, writeProfile } from '../teach/profile.js';
import { inputCrops } from './input-frames.js';
import { teachLabel } from './evaluate-teach.js';

export const teachSchema = inferenceSchema.extend({
  data: z.string({ error: 'is required (a folder of <view>/ files or a labelled CSV)' }).min(1),
  out: z.string({ error: 'is required (profiles/<name>.json)' }).regex(/\.json$/i, 'must end in .json'),
  framesPerClip: z.coerce.number().int().min(1).max(1000).default(teachDefaults.framesPerClip),
  timeout: z.coerce.number().min(0.5).max(600).default(10),
  /** Tune the network's last layers on the taught frames too (the profile keeps the weights). */
  fineTune: z.boolean().default(false),
});

/** Up to n frames spread evenly over a clip. */
export function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / n)]);
}

export async function teach(raw: Record<string, unknown>): Promise<void> {
  const o = validate('teach', teachSchema, raw);
  const name = basename(o.out).replace(/\.json$/i, '');
  if (!PROFILE_NAME.test(name)) throw new UserError(`teach: --out ${o.out}: a profile name is letters, digits, '.', '_' or '-' (up to 64)`);
  if (!existsSync(o.data)) throw new UserError(`teach: ${o.data}: no such file or directory`);
  const rows = statSync(o.data).isDirectory() ? readLabelledFolder(o.data, 'teach') : readLabelTable(o.data);
  const engine = await Engine.load({ model: o.model, device: o.device, threads: o.threads });
  try {
    const labels: string[] = [], crops: Uint8Array[] = [];
    for (const [i, row] of rows.entries()) {
      const label = teachLabel(row.view, `${o.data}: ${row.path}`);
      const frames = spread(await inputCrops(row.path, engine.input, o.timeout), o.framesPerClip);
      for (const c of frames) labels.push(label), crops.push(c);
      process.stderr.write(`\rteach ${i + 1}/${rows.length} files`);
    }
    const t0 = performance.now();
    const profile = o.fineTune ? await fineTunedProfile(name, engine, o.model, crops, labels) : await profileFrom(name, modelIdentity(engine, o.model), engineEmbedder(engine), crops, labels);
    const fitMs = performance.now() - t0;
    writeProfile(o.out, profile);
    const counts = Object.entries(profile.taught).map(([c, n]) => `${c} ${n}`).join(', ');
    process.stderr.write(`\nteach: ${o.out}: ${crops.length} frames (${counts}) for ${engine.card.name}, ${o.fineTune ? 'fine-tuned and ' : ''}fitted in ${fitMs.toFixed(0)} ms\n`);
  } finally {
    await engine.close();
  }
}
