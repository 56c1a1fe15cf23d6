/**
 * The size of a PNG or JPEG image read from its header alone (PNG's IHDR chunk, JPEG's start-of-frame
 * marker), so limits can be checked before anything is decoded. Pure; never throws on any bytes.
 */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  /** px */
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start like a PNG or a JPEG (signature only). */
export function imageFormat(b: Uint8Array): ImageHeader['format'] | null {
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  return null;
}

/** The image's size from its header; null when the bytes are neither format or the header is cut short. */
export function imageHeader(b: Uint8Array): ImageHeader | null {
  const format = imageFormat(b);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (format === 'png') {
    // Signature, then the IHDR chunk: length (4), "IHDR", width (4, big endian), height (4).
    if (b.length < 24 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return null;
    return { format, width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (format === 'jpeg') return jpegSize(b, dv);
  return null;
}

/** Walk JPEG marker segments from SOI to the first start-of-frame (SOF0-SOF15 except DHT, JPG and DAC). */
function jpegSize(b: Uint8Array, dv: DataView): ImageHeader | null {
  let p = 2;
  while (p + 1 < b.length) {
    if (b[p] !== 0xff) return null;
    const m = b[p + 1];
    if (m === 0xff) {
      p++; // fill byte
      continue;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2; // markers without a length
      continue;
    }
    if (m === 0xda || m === 0xd9 || p + 3 >= b.length) return null; // scan data or end before any frame header
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (p + 8 >= b.length) return null;
      return { format: 'jpeg', width: dv.getUint16(p + 7), height: dv.getUint16(p + 5) };
    }
    p += 2 + dv.getUint16(p + 2);
  }
  return null;
}
