/** A capture thumbnail (base64 grey bytes from the server) as a PNG data URL, drawn on a canvas outside the page. */
export function thumbUrl(t: { width: number; height: number; grey: string }): string {
  const grey = Uint8Array.from(atob(t.grey), (ch) => ch.charCodeAt(0));
  const canvas = document.createElement('canvas');
  canvas.width = t.width;
  canvas.height = t.height;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(t.width, t.height);
  for (let p = 0, q = 0; p < grey.length; p++, q += 4) {
    img.data[q] = img.data[q + 1] = img.data[q + 2] = grey[p];
    img.data[q + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}
