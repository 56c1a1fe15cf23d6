/** Reading a dataset written by DatasetWriter (for `evaluate`); version 1 sets (no margin) are read too. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATASET_FORMAT } from './format.js';
import type { MarginLayout } from './margin.js';

export interface LoadedDataset {
  /** count x layout.width x layout.height bytes. */
  frames: Uint8Array;
  layout: MarginLayout;
  labels: string[];
  groups: string[];
  manifest: { count: number; source?: Record<string, unknown> };
}

/** The stored-frame layout a manifest describes: version 2 has a margin, version 1 frames are the sector. */
export function layoutOf(manifest: Record<string, any>): MarginLayout {
  if (manifest.version === 1) {
    const { width, height } = manifest.input;
    return { width, height, sector: { x: 0, y: 0, width, height }, margin: 0 };
  }
  const { width, height } = manifest.frame;
  return { width, height, sector: manifest.sector, margin: manifest.margin };
}

export function readDataset(dir: string): LoadedDataset {
  const mpath = join(dir, 'manifest.json');
  if (!existsSync(mpath)) throw new UserError(`${dir}: no manifest.json (not an echolive dataset)`);
  const manifest = JSON.parse(readFileSync(mpath, 'utf8'));
  if (manifest.format !== DATASET_FORMAT) throw new UserError(`${dir}: manifest format is ${manifest.format}, expected ${DATASET_FORMAT}`);
  if (manifest.version !== 1 && manifest.version !== 2) throw new UserError(`${dir}: dataset version ${manifest.version}, this echolive reads 1 and 2`);
  const layout = layoutOf(manifest);
  const frameSize = layout.width * layout.height;
  const frames = new Uint8Array(readFileSync(join(dir, manifest.frames)));
  if (frames.length !== manifest.count * frameSize) throw new UserError(`${dir}: frames file holds ${frames.length} bytes, expected ${manifest.count * frameSize}`);
  const rows = readFileSync(join(dir, manifest.labels), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return { frames, layout, labels: rows.map((r) => r[1]), groups: rows.map((r) => r[2]), manifest };
}
