/**
 * What a DICOM file declares before any pixel is decoded: its transfer syntax (read from the file meta group
 * directly, so a deflated or otherwise unsupported file is refused before the parser inflates or walks it)
 * and the cine's geometry and timing from the parsed dataset. Pure.
 */
import { UserError } from '../errors.js';

/** Explicit-VR value representations whose length is 4 bytes after 2 reserved ones (PS3.5 7.1.2). */
const LONG_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * The transfer syntax UID from the file meta group (0002,0010), which is always explicit VR little endian
 * after the 128-byte preamble and "DICM"; null when the file has no such preamble or element.
 */
export function transferSyntaxOf(b: Uint8Array): string | null {
  if (b.length < 132 || String.fromCharCode(b[128], b[129], b[130], b[131]) !== 'DICM') return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 132;
  while (p + 8 <= b.length && dv.getUint16(p, true) === 0x0002) {
    const element = dv.getUint16(p + 2, true);
    const vr = String.fromCharCode(b[p + 4], b[p + 5]);
    const long = LONG_VR.has(vr);
    if (long && p + 12 > b.length) return null;
    const length = long ? dv.getUint32(p + 8, true) : dv.getUint16(p + 6, true);
    const value = p + (long ? 12 : 8);
    if (value + length > b.length) return null;
    if (element === 0x0010) return new TextDecoder('latin1').decode(b.subarray(value, value + Math.min(length, 64))).replace(/[\0 ]+$/, '');
    p = value + length;
  }
  return null;
}

/** A cine's geometry as declared, validated: whole positive numbers only. */
export interface CineHeader {
  rows: number;
  columns: number;
  /** NumberOfFrames, 1 when absent. */
  frames: number;
  /** BitsAllocated (default 8), SamplesPerPixel (default 1), PlanarConfiguration (default 0). */
  bitsAllocated: number;
  samplesPerPixel: number;
  planar: number;
}

const absent = (v: unknown) => v === undefined || v === null || v === '';

function positiveInt(name: string, field: string, v: unknown, fallback?: number): number {
  if (absent(v) && fallback !== undefined) return fallback;
  const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UserError(`${name}: ${field} ${absent(v) ? '(missing)' : JSON.stringify(v).replace(/^"|"$/g, '')} is not a positive whole number`);
  return n;
}

/** Read and validate the cine's geometry from a naturalized dataset; throws UserError naming the field. */
export function cineHeader(name: string, ds: Record<string, unknown>): CineHeader {
  if (absent(ds.Rows) || absent(ds.Columns) || !ds.PixelData) throw new UserError(`${name}: no image pixel data`);
  return {
    rows: positiveInt(name, 'Rows', ds.Rows),
    columns: positiveInt(name, 'Columns', ds.Columns),
    frames: positiveInt(name, 'NumberOfFrames', ds.NumberOfFrames, 1),
    bitsAllocated: positiveInt(name, 'BitsAllocated', ds.BitsAllocated, 8),
    samplesPerPixel: positiveInt(name, 'SamplesPerPixel', ds.SamplesPerPixel, 1),
    planar: Number(ds.PlanarConfiguration ?? 0) === 1 ? 1 : 0,
  };
}

/** Frame rates outside this range are taken as wrong and ignored, frames/s. */
const FPS_RANGE = [1, 1000];

/** The cine's frame rate from CineRate, else FrameTime (ms), else 30 frames/s. */
export function cineFps(ds: Record<string, unknown>): number {
  const ok = (f: number) => f >= FPS_RANGE[0] && f <= FPS_RANGE[1];
  const cine = Number(ds.CineRate), fromTime = 1000 / Number(ds.FrameTime);
  return ok(cine) ? cine : ok(fromTime) ? fromTime : 30;
}
