/**
 * Exporting a stream's auto-capture session: each view's clip as an MP4 and as a DICOM multi-frame file in a
 * folder under the captures root (one study, one series per view). Nothing leaves the machine.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clip } from '../pipeline/auto-capture.js';
import { clipDicom, newUid, type Patient } from './dicom-clip.js';
import { exportFolder } from './folder.js';
import { writeMp4 } from './mp4.js';

export interface ExportRequest {
  stream: string;
  /** A folder under the root (CAPTURE_FOLDER), or the default <stream>-<date>-<time>. */
  folder?: string;
  patient: Patient;
  formats: Array<'mp4' | 'dicom'>;
}

export interface ExportResult {
  /** Relative to the captures root. */
  folder: string;
  files: string[];
}

/** A clip to export with its frame size (px) and when it ends (epoch ms). */
export interface ExportClip {
  clip: Clip;
  width: number;
  height: number;
  capturedAt: number;
}

/** Frames per second of a clip from its frame count and span (at least 1). */
export function clipFps(c: Clip): number {
  const span = (c.end - c.start) / 1000;
  return span > 0 ? Math.max(1, (c.frames.length - 1) / span) : 1;
}

/** Write the clips into a new folder under `root`; rejects with a UserError for a folder it may not use. */
export async function exportClips(root: string, clips: ExportClip[], req: ExportRequest): Promise<ExportResult> {
  const now = new Date();
  const dir = await exportFolder(root, req.folder, req.stream, now);
  const study = { patient: req.patient, studyUid: newUid(), date: now };
  const files: string[] = [];
  for (const [i, { clip: c, width, height, capturedAt }] of clips.entries()) {
    const grey = 'grey' in c.frames[0];
    const frames = c.frames.map((f) => ('grey' in f ? f.grey.data : f.jpeg));
    const fps = clipFps(c);
    const name = `${String(i + 1).padStart(2, '0')}-${c.view}`;
    if (req.formats.includes('mp4')) {
      await writeMp4(frames, grey ? { kind: 'grey', width, height } : { kind: 'jpeg' }, fps, join(dir.abs, `${name}.mp4`));
      files.push(`${name}.mp4`);
    }
    if (req.formats.includes('dicom')) {
      const bytes = clipDicom(study, { view: c.view, series: i + 1, frames, kind: grey ? 'grey' : 'jpeg', width, height, fps, capturedAt: new Date(capturedAt) });
      await writeFile(join(dir.abs, `${name}.dcm`), bytes, { flag: 'wx' });
      files.push(`${name}.dcm`);
    }
  }
  return { folder: dir.rel, files };
}
