/** Small real PNG and JPEG files whose headers are then made to lie about their size, for the file tests. */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const SIDE = 8;

/** A real 8x8 PNG whose IHDR then claims width x height (its CRC no longer matches: a reader must not care). */
export function lyingPng(width: number, height: number): Buffer {
  const b = PNG.sync.write(Object.assign(new PNG({ width: SIDE, height: SIDE }), { data: Buffer.alloc(SIDE * SIDE * 4, 128) }));
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** A real 8x8 baseline JPEG whose start-of-frame marker then claims width x height (each at most 65535). */
export function lyingJpeg(width: number, height: number): Buffer {
  const b = Buffer.from(jpeg.encode({ data: Buffer.alloc(SIDE * SIDE * 4, 128), width: SIDE, height: SIDE }, 90).data);
  const sof = b.indexOf(Buffer.from([0xff, 0xc0]));
  b.writeUInt16BE(height, sof + 5);
  b.writeUInt16BE(width, sof + 7);
  return b;
}
