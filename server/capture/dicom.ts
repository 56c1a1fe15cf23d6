/**
 * DICOM multi-frame ultrasound (cine loops) read with dcmjs: uncompressed (implicit/explicit little endian)
 * and JPEG baseline, grey or colour; frame timing from CineRate or FrameTime. Any other transfer syntax
 * gets a clear error naming it. The file is read asynchronously and only if it is a regular file within
 * capture.limits.maxFileBytes; its declared geometry is checked against the limits before any pixel is
 * decoded, and frames are decoded one at a time, on demand.
 */
import dcmjs from 'dcmjs';
import jpeg from 'jpeg-js';
import { UserError } from '../errors.js';
import type { GreyImage } from '../frames.js';
import type { InputLimits } from '../config/limits.js';
import { readRegularFile } from './input-file.js';
import { type CineHeader, cineFps, cineHeader, transferSyntaxOf } from './dicom-header.js';
import { checkCineSize, checkImageSize } from './input-limits.js';
import { imageHeader } from './image-header.js';
import { splitJpeg } from './jpeg-stream.js';

// dcmjs logs parser warnings ("Invalid vr type ...") to the console; every failure here becomes one UserError.
dcmjs.log.setLevel('silent', false);
dcmjs.log.rebuild();

const UNCOMPRESSED: Record<string, string> = {
  '1.2.840.10008.1.2': 'implicit VR little endian',
  '1.2.840.10008.1.2.1': 'explicit VR little endian',
};
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const KNOWN_OTHERS: Record<string, string> = {
  '1.2.840.10008.1.2.1.99': 'deflated explicit VR little endian',
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

/** A cine whose frames are decoded on demand: `frame(i)` for i in 0..count-1 (throws UserError). */
export interface DicomCine {
  count: number;
  fps: number;
  transferSyntax: string;
  frame(i: number): GreyImage;
}

type Natural = Record<string, unknown> & { PixelData?: ArrayBuffer[] | ArrayBuffer };

/**
 * Open a cine loop; rejects with a UserError naming the input and the reason.
 * @param name how messages name the input (the spec as given)
 */
export async function openDicomCine(name: string, path: string, limits: InputLimits): Promise<DicomCine> {
  const { bytes } = await readRegularFile(name, path, { limit: { bytes: limits.maxFileBytes, key: 'capture.limits.maxFileBytes' } });
  const ts = transferSyntaxOf(bytes);
  if (ts === null) throw new UserError(`${name}: not a readable DICOM file (no DICOM preamble or transfer syntax)`);
  if (!UNCOMPRESSED[ts] && ts !== JPEG_BASELINE) {
    throw new UserError(`${name}: unsupported transfer syntax ${ts} (${KNOWN_OTHERS[ts] ?? 'unknown'}); supported: uncompressed little endian and JPEG baseline (1.2.840.10008.1.2.4.50)`);
  }
  let ds: Natural;
  try {
    const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Natural;
  } catch (e) {
    throw new UserError(`${name}: not a readable DICOM file (${String((e as Error).message).split('\n')[0]})`);
  }
  const h = cineHeader(name, ds);
  checkCineSize(name, { width: h.columns, height: h.rows, frames: h.frames }, limits);
  const pixel = Array.isArray(ds.PixelData) ? ds.PixelData : [ds.PixelData!];
  const frame = ts === JPEG_BASELINE ? jpegFrames(name, pixel, h.frames, limits) : rawFrames(name, h, concat(pixel));
  return { count: h.frames, fps: cineFps(ds), transferSyntax: ts, frame };
}

/** Uncompressed frames: 8-bit grey or RGB (interleaved or planar), or 16-bit grey scaled by each frame's maximum. */
function rawFrames(name: string, h: CineHeader, all: Uint8Array): (f: number) => GreyImage {
  const { rows, columns: cols, frames: n, bitsAllocated: bits, samplesPerPixel: spp, planar } = h;
  if (!((bits === 8 && (spp === 1 || spp === 3)) || (bits === 16 && spp === 1))) throw new UserError(`${name}: ${bits}-bit ${spp}-sample pixels are not supported`);
  const px = rows * cols;
  const frameBytes = px * spp * (bits / 8);
  if (all.length < frameBytes * n) throw new UserError(`${name}: pixel data holds ${all.length} bytes, ${n} frames of ${cols}x${rows} need ${frameBytes * n}`);
  return (f) => {
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
    return { data, width: cols, height: rows };
  };
}

/** JPEG frames: every frame's own header is checked against the limits up front; each is decoded when asked for. */
function jpegFrames(name: string, fragments: ArrayBuffer[], n: number, limits: InputLimits): (f: number) => GreyImage {
  // One fragment per frame is usual; otherwise split the joined stream at JPEG start-of-image markers.
  const streams = fragments.length === n ? fragments.map((f) => new Uint8Array(f)) : splitJpeg(concat(fragments));
  if (streams.length < n) throw new UserError(`${name}: found ${streams.length} JPEG frames, NumberOfFrames says ${n}`);
  streams.slice(0, n).forEach((s, i) => {
    const hdr = imageHeader(s);
    if (hdr?.format !== 'jpeg') throw new UserError(`${name}: frame ${i + 1} is not a baseline JPEG (no JPEG frame header)`);
    checkImageSize(`${name}: frame ${i + 1}`, hdr.width, hdr.height, limits);
  });
  const maxResolutionInMP = (limits.maxWidth * limits.maxHeight) / 1e6;
  return (i) => {
    try {
      const img = jpeg.decode(streams[i], { useTArray: true, formatAsRGBA: true, maxResolutionInMP });
      const data = new Uint8Array(img.width * img.height);
      for (let p = 0, q = 0; p < data.length; p++, q += 4) data[p] = (img.data[q] * 77 + img.data[q + 1] * 150 + img.data[q + 2] * 29 + 128) >> 8;
      return { data, width: img.width, height: img.height };
    } catch (e) {
      throw new UserError(`${name}: frame ${i + 1} is not a decodable baseline JPEG (${(e as Error).message})`);
    }
  };
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  if (parts.length === 1) return new Uint8Array(parts[0]);
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}
