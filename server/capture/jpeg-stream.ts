/**
 * Splitting joined JPEG images: DICOM encapsulated pixel data whose fragments are not one per frame (at
 * start-of-image markers), and ffmpeg's image2pipe output as it arrives (at end-of-image markers). Pure.
 */

/** Bytes allowed between one image's end-of-image marker and the next start: DICOM pads fragments with 0x00. */
const PADDING = 0x00;

/**
 * The images in `b`: each starts at an SOI (FF D8 FF) that opens the stream or follows an EOI (FF D9),
 * with only padding bytes between them. An SOI anywhere else (an embedded thumbnail) is not a new image.
 */
export function splitJpeg(b: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] !== 0xff || b[i + 1] !== 0xd8 || b[i + 2] !== 0xff) continue;
    let j = i;
    while (j > 0 && b[j - 1] === PADDING) j--;
    if (j === 0 || (j >= 2 && b[j - 2] === 0xff && b[j - 1] === 0xd9)) starts.push(i);
  }
  return starts.map((s, k) => b.subarray(s, k + 1 < starts.length ? starts[k + 1] : b.length));
}

/**
 * Cuts a stream of JPEG images arriving in chunks (ffmpeg's image2pipe) into whole images. An image ends at
 * its end-of-image marker (FF D9), which entropy-coded data cannot contain (an FF there is followed by 00).
 */
export class JpegStreamSplitter {
  private parts: Buffer[] = [];
  private held = 0;

  /** @param onImage called with each whole image; @param maxBytes a larger "image" is thrown away (bytes) */
  constructor(private readonly onImage: (jpeg: Buffer) => void, private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const prev = i > 0 ? chunk[i - 1] : this.parts.at(-1)?.at(-1);
      if (chunk[i] !== 0xd9 || prev !== 0xff) continue;
      this.parts.push(chunk.subarray(from, i + 1));
      this.onImage(Buffer.concat(this.parts));
      this.parts = [];
      this.held = 0;
      from = i + 1;
    }
    if (from < chunk.length) {
      this.parts.push(chunk.subarray(from));
      this.held += chunk.length - from;
      if (this.held > this.maxBytes) (this.parts = []), (this.held = 0);
    }
  }
}
