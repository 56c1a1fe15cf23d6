/**
 * A confusion-matrix picture (PNG): rows true labels, columns predictions (the classes, then unfamiliar),
 * shaded by row share, green where the prediction is right for the row's label, red elsewhere, with counts.
 */
import { Canvas, canvasPng } from '../phantom/canvas.js';
import { type Confusion, isRight } from './metrics.js';

export function confusionPng(conf: Confusion, title: string): Buffer {
  const cell = 44, left = 110, top = 70;
  const cv = new Canvas(left + conf.cols.length * cell + 20, top + conf.rows.length * cell + 40);
  cv.rect(0, 0, cv.width, cv.height, [255, 255, 255]);
  cv.text(10, 10, title, 2, [0, 0, 0]);
  cv.text(left, 40, 'PREDICTED', 1, [80, 80, 80]);
  conf.rows.forEach((l, i) => cv.text(10, top + i * cell + cell / 2 - 4, l, 1, [0, 0, 0]));
  conf.cols.forEach((l, j) => cv.text(left + j * cell + 2, top - 14 - (j % 2) * 10, l.slice(0, 7), 1, [0, 0, 0]));
  conf.matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((v, j) => {
      const frac = v / total;
      const shade = Math.round(255 * (1 - frac));
      const colour: [number, number, number] = isRight(conf.rows[i], conf.cols[j]) ? [shade, 255 - Math.round((255 - shade) * 0.4), shade] : [255, shade, shade];
      cv.rect(left + j * cell + 1, top + i * cell + 1, cell - 2, cell - 2, v ? colour : [245, 245, 245]);
      if (v) cv.text(left + j * cell + 4, top + i * cell + cell / 2 - 4, String(v), 1, frac > 0.5 ? [255, 255, 255] : [0, 0, 0]);
    });
  });
  return canvasPng(cv);
}
