/**
 * Reading an input file without ever blocking the event loop: it is opened non-blocking (a FIFO opens at once
 * instead of waiting for a writer), then its type and size come from the open descriptor, so only a regular
 * file is read, even if the path was swapped between a check and the open. Sizes are checked before reading.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from '../errors.js';

/** O_NONBLOCK where the platform has it (not on Windows, which has no FIFOs to fear at a path). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, for the message. */
export function fileKind(s: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a file';
}

const OPEN_ERRORS: Record<string, string> = { ENOENT: 'no such file', ENOTDIR: 'no such file', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'not a regular file (a directory)' };

export interface ReadLimit {
  /** Larger files are refused before any byte is read, bytes. */
  bytes: number;
  /** The config key that sets it, named in the message (e.g. capture.limits.maxFileBytes). */
  key: string;
}

/**
 * Read a regular file, whole or only its first `headBytes` bytes.
 * @param name how messages name the input (the spec as given)
 * @returns the bytes read and the file's full size, bytes
 * @throws UserError for a missing, unreadable, non-regular, empty or too large file
 */
export async function readRegularFile(name: string, path: string, o: { limit?: ReadLimit; headBytes?: number } = {}): Promise<{ bytes: Buffer; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`${name}: ${OPEN_ERRORS[code] ?? `cannot open (${code || (e as Error).message})`}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UserError(`${name}: not a regular file (${fileKind(st)})`);
    if (st.size === 0) throw new UserError(`${name}: empty file`);
    if (o.limit && st.size > o.limit.bytes) throw new UserError(`${name}: ${st.size} bytes, more than the limit of ${o.limit.bytes} (${o.limit.key})`);
    const want = Math.min(st.size, o.headBytes ?? st.size);
    const bytes = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await fh.read(bytes, got, want - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: bytes.subarray(0, got), size: st.size };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    await fh.close();
  }
}
