/**
 * The dataset format, version 2 (docs/dataset.md): `frames.u8` (count stored frames of uint8 grey, row-major,
 * no header; each the detected image with a margin around it, see margin.ts), `labels.csv`
 * (index,label,group,source,quality,off_axis,position: the last three empty where unknown) and `manifest.json` (sizes, where the sector lies, provenance). Written by
 * `dataset` (phantom) and `dataset import` (real scans); read by training/ and `evaluate`.
 */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { NONE_CLASS, VIEW_IDS, type ViewId } from '../views.js';
import type { MarginLayout } from './margin.js';

export const DATASET_FORMAT = 'echolive-dataset';
export const DATASET_VERSION = 2;
export const CLASSES = [...VIEW_IDS, NONE_CLASS] as const;

/** How the stored frames were made, for the manifest (and, through training, the model card). */
export function preprocessingFor(layout: MarginLayout): Record<string, string> {
  const { sector: s } = layout;
  return {
    grey: 'full-range BT.601 luma (ffmpeg gray)',
    crop: 'image region found by capture/sector.ts (solid bright regions; text, ECG and bars excluded), or crop=x,y,w,h',
    margin: `the region grown by ${layout.margin} of its size on each side (black outside the screen)`,
    resize: `area average to ${layout.width}x${layout.height}, the region itself to ${s.width}x${s.height} at (${s.x}, ${s.y}); aspect not kept`,
    scale: 'uint8 0-255 divided by 255 at training; per-image standardisation happens inside the model',
  };
}

export interface DatasetRow {
  label: ViewId | null;
  /** Frames of one clip or subject share a group; evaluation can vote over a group (clip accuracy). */
  group: string;
  /** Where the frame came from (phantom: subject/kind/time; import: file and frame). */
  source: string;
  /** Image quality 0-100 [score, off-axis part, position part] (phantom 2D frames; unknown for imports, Doppler, M-mode). */
  quality?: readonly [number, number, number] | null;
}

export class DatasetWriter {
  private readonly frames: WriteStream;
  private readonly rows: string[] = ['index,label,group,source,quality,off_axis,position'];
  private count = 0;

  constructor(private readonly dir: string, private readonly layout: MarginLayout) {
    mkdirSync(dir, { recursive: true });
    this.frames = createWriteStream(join(dir, 'frames.u8'));
  }

  /** Append one stored frame (layout.width x layout.height); resolves when the stream has room. */
  async add(frame: Uint8Array, row: DatasetRow): Promise<void> {
    if (frame.length !== this.layout.width * this.layout.height) throw new Error(`frame has ${frame.length} bytes, the layout ${this.layout.width}x${this.layout.height}`);
    const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const q = row.quality ?? ['', '', ''];
    this.rows.push(`${this.count},${row.label ?? NONE_CLASS},${csv(row.group)},${csv(row.source)},${q.join(',')}`);
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
    const { width, height, sector, margin } = this.layout;
    writeFileSync(
      join(this.dir, 'manifest.json'),
      JSON.stringify({
        format: DATASET_FORMAT, version: DATASET_VERSION,
        frame: { width, height, channels: 1, dtype: 'uint8', layout: 'NHW' }, sector, margin,
        frames: 'frames.u8', labels: 'labels.csv', count: this.count, classes: CLASSES, perClass,
        preprocessing: preprocessingFor(this.layout), source,
      }, null, 2),
    );
    return this.count;
  }
}
