/**
 * The dataset format (docs/dataset.md): `frames.u8` (count x 60 x 80 uint8, row-major, no header),
 * `labels.csv` (index,label,group,source) and `manifest.json`. Written by `dataset` (phantom) and
 * `dataset import` (real scans); read by training/ and `evaluate`.
 */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { INPUT_HEIGHT, INPUT_WIDTH, PREPROCESSING } from '../inference/input-spec.js';
import { NONE_CLASS, VIEW_IDS, type ViewId } from '../views.js';

export const DATASET_FORMAT = 'echolive-dataset';
export const DATASET_VERSION = 1;
export const CLASSES = [...VIEW_IDS, NONE_CLASS] as const;

export interface DatasetRow {
  label: ViewId | null;
  /** Frames of one clip or subject share a group; evaluation can vote over a group (clip accuracy). */
  group: string;
  /** Where the frame came from (phantom: subject/kind/time; import: file and frame). */
  source: string;
}

export class DatasetWriter {
  private readonly frames: WriteStream;
  private readonly rows: string[] = ['index,label,group,source'];
  private count = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.frames = createWriteStream(join(dir, 'frames.u8'));
  }

  /** Append one 80x60 frame; resolves when the stream has room. */
  async add(frame: Uint8Array, row: DatasetRow): Promise<void> {
    if (frame.length !== INPUT_WIDTH * INPUT_HEIGHT) throw new Error(`frame has ${frame.length} bytes`);
    const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    this.rows.push(`${this.count},${row.label ?? NONE_CLASS},${csv(row.group)},${csv(row.source)}`);
    this.count++;
    if (!this.frames.write(frame)) await new Promise<void>((r) => this.frames.once('drain', () => r()));
  }

  /** Finish: flush frames, write labels and the manifest (source describes provenance). */
  async close(source: Record<string, unknown>): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.frames.once('error', reject);
      this.frames.end(() => resolve());
    });
    writeFileSync(join(this.dir, 'labels.csv'), this.rows.join('\n') + '\n');
    const perClass = Object.fromEntries(CLASSES.map((c) => [c, 0]));
    for (const r of this.rows.slice(1)) perClass[r.split(',')[1]]++;
    writeFileSync(
      join(this.dir, 'manifest.json'),
      JSON.stringify({
        format: DATASET_FORMAT, version: DATASET_VERSION,
        input: { width: INPUT_WIDTH, height: INPUT_HEIGHT, channels: 1, dtype: 'uint8', layout: 'NHW' },
        frames: 'frames.u8', labels: 'labels.csv', count: this.count, classes: CLASSES, perClass,
        preprocessing: PREPROCESSING, source,
      }, null, 2),
    );
    return this.count;
  }
}
