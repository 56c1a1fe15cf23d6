/**
 * `echolive dataset import <dir> --out <dir>`: real labelled scans (one sub-folder per view id, plus an
 * optional `none` folder, holding images, videos or DICOM cines) into the dataset format, through the same
 * capture path as live frames (decode, sector detection, crop, resize). Each file is one group (a clip).
 */
import { z } from 'zod';
import { validate } from '../config/validate.js';
import { captureDefaults } from '../config/capture.js';
import { DatasetWriter } from '../dataset/format.js';
import { marginCrop, marginLayout } from '../dataset/margin.js';
import { parseSource } from '../capture/source-spec.js';
import { CropTracker } from '../capture/crop-tracker.js';
import { openSource } from '../sources.js';
import { drain } from '../frames.js';
import { NONE_CLASS, VIEW_IDS } from '../views.js';
import { readLabelledFolder } from '../evaluation/label-table.js';
import { layoutOptions } from './dataset.js';

const importSchema = z.object({ out: z.string({ error: 'is required (a directory)' }).min(1), ...layoutOptions });

export async function datasetImport(dir: string | undefined, raw: Record<string, unknown>): Promise<void> {
  const o = validate('dataset import', importSchema, raw);
  const files = readLabelledFolder(dir ?? '(none)', 'dataset import').map((r) => ({ label: r.view, path: r.path }));
  const layout = marginLayout(o.size.width, o.size.height, o.margin);
  const writer = new DatasetWriter(o.out, layout);
  const skipped: string[] = [];
  for (const [i, file] of files.entries()) {
    const spec = parseSource(file.path);
    const tracker = new CropTracker(undefined, captureDefaults.redetectEvery);
    const source = openSource(spec, { ...captureDefaults, realtime: false, seed: 1, fps: 30, tourSeconds: 90 });
    const crops: Uint8Array[] = [];
    try {
      await drain(source, (f) => crops.push(marginCrop(f, tracker.update(f), layout)));
    } catch (e) {
      skipped.push((e as Error).message);
      continue;
    } finally {
      await source.stop();
    }
    for (const [k, c] of crops.entries()) {
      await writer.add(c, { label: file.label === NONE_CLASS ? null : (file.label as (typeof VIEW_IDS)[number]), group: `file-${i}`, source: `${file.path}#${k}` });
    }
    process.stderr.write(`\rimport ${i + 1}/${files.length} files`);
  }
  const n = await writer.close({ kind: 'import', from: dir, files: files.length, skipped });
  process.stderr.write(`\ndataset import: ${n} frames from ${files.length - skipped.length} files -> ${o.out}${skipped.length ? `; skipped ${skipped.length}: ${skipped.join(' | ')}` : ''}\n`);
}
