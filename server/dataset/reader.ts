/** Reading a dataset written by DatasetWriter (for `evaluate`). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATASET_FORMAT } from './format.js';

export interface LoadedDataset {
  frames: Uint8Array;
  frameSize: number;
  labels: string[];
  groups: string[];
  manifest: { count: number; input: { width: number; height: number }; source?: Record<string, unknown> };
}

export function readDataset(dir: string): LoadedDataset {
  const mpath = join(dir, 'manifest.json');
  if (!existsSync(mpath)) throw new UserError(`${dir}: no manifest.json (not an echolive dataset)`);
  const manifest = JSON.parse(readFileSync(mpath, 'utf8'));
  if (manifest.format !== DATASET_FORMAT) throw new UserError(`${dir}: manifest format is ${manifest.format}, expected ${DATASET_FORMAT}`);
  const frameSize = manifest.input.width * manifest.input.height;
  const frames = new Uint8Array(readFileSync(join(dir, manifest.frames)));
  if (frames.length !== manifest.count * frameSize) throw new UserError(`${dir}: frames file holds ${frames.length} bytes, expected ${manifest.count * frameSize}`);
  const rows = readFileSync(join(dir, manifest.labels), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return { frames, frameSize, labels: rows.map((r) => r[1]), groups: rows.map((r) => r[2]), manifest };
}
