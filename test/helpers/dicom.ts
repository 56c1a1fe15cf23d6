/** Writing multi-frame ultrasound DICOMs with dcmjs for tests (uncompressed or JPEG baseline). */
import dcmjs from 'dcmjs';
import jpeg from 'jpeg-js';
import { writeFileSync } from 'node:fs';

export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

const ab = (b: Buffer | Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);

export interface CineOptions {
  /** JPEG only: all frames in a single fragment, each followed by a 0x00 padding byte, as some encoders write them. */
  oneFragment?: boolean;
  /** Header fields to set or override after the usual ones (e.g. a lying NumberOfFrames), naturalized names. */
  fields?: Record<string, unknown>;
}

/** Write grey frames (w x h each) as a US multi-frame DICOM with the given transfer syntax and cine rate. */
export function writeCine(path: string, frames: Uint8Array[], w: number, h: number, transferSyntax: string, cineRate = 25, o: CineOptions = {}): void {
  const ds: Record<string, unknown> = {
    _meta: { TransferSyntaxUID: { Value: [transferSyntax] } },
    _vrMap: { PixelData: 'OB' },
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.3.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.7', Modality: 'US',
    Rows: h, Columns: w, NumberOfFrames: String(frames.length), SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0, CineRate: cineRate,
  };
  if (transferSyntax === JPEG_BASELINE) {
    Object.assign(ds, { PhotometricInterpretation: 'YBR_FULL_422', SamplesPerPixel: 3, PlanarConfiguration: 0 });
    const jpegs = frames.map((f) => {
      const rgba = Buffer.alloc(w * h * 4);
      for (let i = 0; i < w * h; i++) rgba.fill(f[i], i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
      return jpeg.encode({ data: rgba, width: w, height: h }, 92).data;
    });
    ds.PixelData = o.oneFragment ? [ab(Buffer.concat(jpegs.flatMap((j) => [j, Buffer.of(0)])))] : jpegs.map(ab);
  } else {
    ds.PixelData = [ab(Buffer.concat(frames.map((f) => Buffer.from(f))))];
  }
  Object.assign(ds, o.fields);
  writeFileSync(path, dcmjs.data.datasetToBuffer(ds));
}
