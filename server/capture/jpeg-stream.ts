/**
 * Splitting a joined stream of JPEG images (DICOM encapsulated pixel data whose fragments are not one per
 * frame) at start-of-image markers. Pure.
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
