/**
 * A labelled CSV for `evaluate`: columns found by header name, `path` (or `file`) and `view`, optional `clip`
 * (frames of one video; without it each file is a clip) and `source` (where the file came from). Paths are
 * relative to the CSV. Pure apart from reading the file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { LABEL_SETS, NONE_CLASS, VIEW_IDS, isViewId } from '../views.js';

/** Files a labelled folder may hold: images, videos, DICOM cines. */
const MEDIA = /\.(mp4|m4v|avi|mov|mkv|webm|gif|png|jpe?g|bmp|dcm|dicom)$/i;

export interface LabelRow {
  /** Absolute path of the image, clip or DICOM. */
  path: string;
  /** A view id, `none`, or a label set such as `psax` (views.ts LABEL_SETS). */
  view: string;
  clip: string;
  /** The source's first segment (before '/', ' ' or '@'), or null without a source column. */
  source: string | null;
}

/** RFC 4180 fields: commas inside double quotes, "" for a quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim()));
}

/** The grouping key of a source column value: e.g. "echonet/dynamic docs/x.mp4@abc" -> "echonet". */
export function sourceKey(source: string): string {
  return source.trim().split(/[/ @]/)[0] || source.trim();
}

/** Rows of a labelled CSV. Throws UserError naming the file when a needed column or value is missing. */
export function readLabelTable(csvPath: string): LabelRow[] {
  const [header, ...body] = parseCsv(readFileSync(csvPath, 'utf8'));
  const col = (name: string) => (header ?? []).findIndex((h) => h.trim().toLowerCase() === name);
  const pathCol = col('path') >= 0 ? col('path') : col('file');
  const viewCol = col('view'), clipCol = col('clip'), sourceCol = col('source');
  if (pathCol < 0 || viewCol < 0) throw new UserError(`${csvPath}: needs a header naming the columns path (or file) and view (optional: clip, source)`);
  return body.map((r, i) => {
    const path = r[pathCol]?.trim(), view = r[viewCol]?.trim();
    if (!path || !view) throw new UserError(`${csvPath}: line ${i + 2} has no ${path ? 'view' : 'path'}`);
    if (!isViewId(view) && view !== NONE_CLASS && !LABEL_SETS[view]) throw new UserError(`${csvPath}: line ${i + 2}: unknown label '${view}' (a view id, ${NONE_CLASS}, or ${Object.keys(LABEL_SETS).join(', ')})`);
    const clip = clipCol >= 0 && r[clipCol]?.trim() ? r[clipCol].trim() : path;
    return { path: resolve(dirname(csvPath), path), view, clip, source: sourceCol >= 0 ? sourceKey(r[sourceCol] ?? '') : null };
  });
}

/**
 * Rows of a labelled folder: `<dir>/<view id or none>/*` images, videos and DICOMs, each file its own clip.
 * Throws UserError (naming `what` and the folder) for a missing folder, a sub-folder that is not a class, or no files.
 */
export function readLabelledFolder(dir: string, what: string): LabelRow[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${what}: ${dir}: not a directory`);
  const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory());
  const unknown = folders.filter((f) => !isViewId(f) && f !== NONE_CLASS);
  if (unknown.length) throw new UserError(`${what}: ${dir}: folders ${unknown.join(', ')} are not view ids (${VIEW_IDS.join(', ')}, or ${NONE_CLASS})`);
  const rows = folders.flatMap((f) => readdirSync(join(dir, f)).filter((n) => MEDIA.test(n)).map((n) => {
    const path = resolve(dir, f, n);
    return { path, view: f, clip: path, source: null };
  }));
  if (!rows.length) throw new UserError(`${what}: ${dir}: no images, videos or DICOMs in view folders`);
  return rows;
}
