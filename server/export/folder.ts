/**
 * Where an export may write: only a folder under the configured captures root, named by the client with
 * CAPTURE_FOLDER's plain names (no '..', no absolute paths), and checked again after symbolic links are
 * resolved, so nothing a client sends can reach beyond the root.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { CAPTURE_FOLDER } from '../protocol.js';
import { UserError } from '../errors.js';

/** A default folder name: the stream and the local date and time, e.g. s1-20261129-101500. */
export function defaultFolder(stream: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${stream}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

const inside = (path: string, root: string) => path === root || path.startsWith(root + sep);

/**
 * Create (if needed) and return the export folder under `root`: `folder` as asked (refused if it already holds
 * files), or the default name with -2, -3... added until it is new. Relative paths are from `root`.
 */
export async function exportFolder(root: string, folder: string | undefined, stream: string, now: Date): Promise<{ abs: string; rel: string }> {
  if (folder !== undefined && !CAPTURE_FOLDER.test(folder)) throw new UserError(`export folder '${folder.slice(0, 80)}': not a plain folder name under the captures root`);
  await mkdir(resolve(root), { recursive: true });
  const realRoot = await realpath(resolve(root));
  let rel = folder ?? defaultFolder(stream, now);
  if (folder === undefined) for (let n = 2; existsSync(join(realRoot, rel)); n++) rel = `${defaultFolder(stream, now)}-${n}`;
  const abs = join(realRoot, rel);
  // The deepest part that exists already must lie under the root once links are resolved, before anything is made.
  let probe = abs;
  while (!existsSync(probe)) probe = dirname(probe);
  if (!inside(await realpath(probe), realRoot)) throw new UserError(`export folder '${rel}' leads outside the captures root`);
  if (existsSync(abs) && (await readdir(abs)).length) throw new UserError(`export folder '${rel}' already holds files; choose another`);
  await mkdir(abs, { recursive: true });
  if (!inside(await realpath(abs), realRoot)) throw new UserError(`export folder '${rel}' leads outside the captures root`);
  return { abs, rel };
}
