/**
 * DICOM multi-frame ultrasound (cine loops) read with dcmjs: uncompressed (implicit/explicit little endian)
 * and JPEG baseline, grey or colour; frame timing from CineRate or FrameTime. Any other transfer syntax
 * gets a clear error naming it.
 */
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import jpeg from 'jpeg-js';
import { UserError } from '../errors.js';
import type { GreyImage } from '../frames.js';

const UNCOMPRESSED: Record<string, string> = {
  '1.2.840.10008.1.2': 'implicit VR little endian',
  '1.2.840.10008.1.2.1': 'explicit VR little endian',
};
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const KNOWN_OTHERS: Record<string, string> = {
  '1.2.840.10008.1.2.2': 'explicit VR big endian',
  '1.2.840.10008.1.2.4.51': 'JPEG extended',
  '1.2.840.10008.1.2.4.57': 'JPEG lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.100': 'MPEG-2',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
  '1.2.840.10008.1.2.5': 'RLE lossless',
};

export interface DicomCine {
  frames: GreyImage[];
  fps: number;
  transferSyntax: string;
}

type Natural = Record<string, unknown> & { PixelData?: ArrayBuffer[] | ArrayBuffer };

/** Read a cine loop; throws UserError naming the file and the reason. */
export function readDicomCine(path: string): DicomCine {
  let dict: { meta: Record<string, { Value: unknown[] }>; dict: unknown };
  try {
    const b = readFileSync(path);
    dict = dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) as typeof dict;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a readable DICOM file (${String((e as Error).message).split('\n')[0]})`;
    throw new UserError(`${path}: ${why}`);
  }
  const ts = String(dict.meta['00020010']?.Value?.[0] ?? '');
  if (!UNCOMPRESSED[ts] && ts !== JPEG_BASELINE) {
    throw new UserError(`${path}: unsupported transfer syntax ${ts} (${KNOWN_OTHERS[ts] ?? 'unknown'}); supported: uncompressed little endian and JPEG baseline (1.2.840.10008.1.2.4.50)`);
  }
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Natural;
  const rows = Number(ds.Rows), cols = Number(ds.Columns);
  const n = Number(ds.NumberOfFrames ?? 1) || 1;
  if (!rows || !cols || !ds.PixelData) throw new UserError(`${path}: no image pixel data`);
  const pixel = Array.isArray(ds.PixelData) ? ds.PixelData : [ds.PixelData];
  const frames = ts === JPEG_BASELINE ? jpegFrames(path, pixel, n) : rawFrames(path, ds, pixel, rows, cols, n);
  const cine = Number(ds.CineRate), ft = Number(ds.FrameTime);
  const fps = cine > 0 ? cine : ft > 0 ? 1000 / ft : 30;
  return { frames, fps, transferSyntax: ts };
}

function rawFrames(path: string, ds: Natural, pixel: ArrayBuffer[], rows: number, cols: number, n: number): GreyImage[] {
  const spp = Number(ds.SamplesPerPixel ?? 1);
  const bits = Number(ds.BitsAllocated ?? 8);
  const planar = Number(ds.PlanarConfiguration ?? 0);
  const all = concat(pixel);
  const bytesPer = bits / 8;
  const frameBytes = rows * cols * spp * bytesPer;
  if (all.length < frameBytes * n) throw new UserError(`${path}: pixel data holds ${all.length} bytes, ${n} frames of ${cols}x${rows} need ${frameBytes * n}`);
  if (bits !== 8 && !(bits === 16 && spp === 1)) throw new UserError(`${path}: ${bits}-bit ${spp}-sample pixels are not supported`);
  const out: GreyImage[] = [];
  const px = rows * cols;
  for (let f = 0; f < n; f++) {
    const data = new Uint8Array(px);
    const base = f * frameBytes;
    if (bits === 16) {
      const view = new DataView(all.buffer, all.byteOffset + base, frameBytes);
      let max = 1;
      for (let i = 0; i < px; i++) max = Math.max(max, view.getUint16(i * 2, true));
      for (let i = 0; i < px; i++) data[i] = Math.round((view.getUint16(i * 2, true) * 255) / max);
    } else if (spp === 1) {
      data.set(all.subarray(base, base + px));
    } else {
      for (let i = 0; i < px; i++) {
        const [r, g, b] = planar ? [all[base + i], all[base + px + i], all[base + 2 * px + i]] : [all[base + 3 * i], all[base + 3 * i + 1], all[base + 3 * i + 2]];
        data[i] = (r * 77 + g * 150 + b * 29 + 128) >> 8;
      }
    }
    out.push({ data, width: cols, height: rows });
  }
  return out;
}

function jpegFrames(path: string, fragments: ArrayBuffer[], n: number): GreyImage[] {
  // One fragment per frame is usual; otherwise split the joined stream at JPEG start-of-image markers.
  const streams = fragments.length === n ? fragments.map((f) => new Uint8Array(f)) : splitJpeg(concat(fragments));
  if (streams.length < n) throw new UserError(`${path}: found ${streams.length} JPEG frames, NumberOfFrames says ${n}`);
  return streams.slice(0, n).map((s, i) => {
    try {
      const img = jpeg.decode(s, { useTArray: true, formatAsRGBA: true });
      const data = new Uint8Array(img.width * img.height);
      for (let p = 0, q = 0; p < data.length; p++, q += 4) data[p] = (img.data[q] * 77 + img.data[q + 1] * 150 + img.data[q + 2] * 29 + 128) >> 8;
      return { data, width: img.width, height: img.height };
    } catch (e) {
      throw new UserError(`${path}: frame ${i + 1} is not a decodable baseline JPEG (${(e as Error).message})`);
    }
  });
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

function splitJpeg(b: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < b.length; i++) if (b[i] === 0xff && b[i + 1] === 0xd8 && b[i + 2] === 0xff && (i === 0 || (b[i - 2] === 0xff && b[i - 1] === 0xd9))) starts.push(i);
  return starts.map((s, k) => b.subarray(s, k + 1 < starts.length ? starts[k + 1] : b.length));
}
