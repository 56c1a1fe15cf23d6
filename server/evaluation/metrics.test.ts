import { describe, expect, it } from 'vitest';
import { type Judged, UNFAMILIAR, confusion, isRight, noneMaskedAccuracy, perClass, unfamiliarFigures } from './metrics.js';
import { argmax } from '../pipeline/classifier.js';
import { clipAccuracy, majority } from './clips.js';
import { figures } from './report.js';
import { acceptedClasses } from '../views.js';

const j = (truth: string, predicted: string, clip: string | null = null, source: string | null = null): Judged => ({ truth, predicted, clip, source });
const CLASSES = ['psax-basal', 'psax-mid', 'a4c', 'pw', 'cw', 'none'];

describe('accepted label sets', () => {
  it('lets psax accept either short-axis level and doppler either spectral mode', () => {
    expect(acceptedClasses('psax')).toEqual(['psax-basal', 'psax-mid']);
    expect(acceptedClasses('doppler')).toEqual(['pw', 'cw']);
    expect(isRight('psax', 'psax-mid')).toBe(true);
    expect(isRight('psax', 'psax-basal')).toBe(true);
    expect(isRight('psax', 'a4c')).toBe(false);
    expect(isRight('doppler', 'cw')).toBe(true);
  });

  it('accepts only the label itself for a plain view id', () => {
    expect(acceptedClasses('a4c')).toEqual(['a4c']);
    expect(isRight('psax-mid', 'psax-basal')).toBe(false);
  });
});

describe('evaluation figures', () => {
  it('scores view frames by their most probable class other than none when none is masked', () => {
    const v = (truth: string, predicted: string, topView: string): Judged => ({ ...j(truth, predicted), topView });
    const rows = [v('a4c', 'none', 'a4c'), v('a4c', 'none', 'a5c'), v('psax', 'none', 'psax-basal'), v('none', 'none', 'a4c')];
    expect(noneMaskedAccuracy(rows)).toBe(0.6667); // the none frame does not count
    expect(figures(rows, CLASSES).viewFrameAccuracyNoneMasked).toBe(0.6667);
    expect(noneMaskedAccuracy([j('a4c', 'a4c')])).toBeNull(); // rows without topView: unknown, not 0
  });

  it('finds the largest probability passing over a skipped class, first or last', () => {
    const p = [0.5, 0.1, 0.3, 0.1];
    expect(argmax(p)).toBe(0);
    expect(argmax(p, 0, 4, 0)).toBe(2);
    expect(argmax([0.1, 0.2, 0.7], 0, 3, 2)).toBe(1);
    expect(argmax([9, 0.1, 0.2, 0.7], 1, 3, 2)).toBe(1); // from and k pick a row of a batch
  });

  it('counts unfamiliar as right on none frames, wrong on view frames, and reports it apart', () => {
    expect(isRight('none', UNFAMILIAR)).toBe(true);
    expect(isRight('a4c', UNFAMILIAR)).toBe(false);
    const rows = [j('none', UNFAMILIAR), j('none', 'none'), j('a4c', UNFAMILIAR), j('a4c', 'a4c'), j('a4c', 'a4c'), j('psax', 'psax-mid')];
    expect(unfamiliarFigures(rows)).toEqual({ viewFrames: 4, onViews: 1, shareOnViews: 0.25, noneFrames: 2, onNone: 1, frameAccuracyWithoutRule: null });
    const f = figures(rows, CLASSES);
    expect(f).toMatchObject({ frames: 6, frameAccuracy: 0.8333, viewFrames: 4, viewFrameAccuracy: 0.75 });
  });

  it('gives the frame accuracy of the network alone, its own call standing on the frames the rule flagged', () => {
    const flagged = (truth: string, top: string): Judged => ({ ...j(truth, UNFAMILIAR), top });
    // The rule costs two a4c frames the network had and wins one none frame the network called a4c.
    const rows = [flagged('a4c', 'a4c'), flagged('a4c', 'a4c'), flagged('none', 'a4c'), flagged('none', 'none'), { ...j('a4c', 'a2c'), top: 'a2c' }];
    expect(figures(rows, CLASSES).frameAccuracy).toBe(0.4);
    expect(unfamiliarFigures(rows).frameAccuracyWithoutRule).toBe(0.6);
    expect(unfamiliarFigures([flagged('a4c', 'a4c'), j('a4c', 'a4c')]).frameAccuracyWithoutRule).toBe(1);
  });

  it('gives recall per truth label, sets included, and precision per predicted class', () => {
    const pc = perClass([j('psax', 'psax-mid'), j('psax', 'a4c'), j('a4c', 'a4c'), j('psax-mid', 'psax-mid')]);
    expect(pc.psax).toMatchObject({ support: 2, recall: 0.5 });
    expect(pc['psax-mid']).toMatchObject({ support: 1, recall: 1, predicted: 2, precision: 1 });
    expect(pc.a4c).toMatchObject({ predicted: 2, precision: 0.5 });
  });

  it('votes each clip by majority of its frames, ties to the first seen, frames without a clip left out', () => {
    expect(majority(['a4c', 'a2c', 'a2c', 'a4c'])).toBe('a4c');
    const rows = [j('a4c', 'a4c', 'c1'), j('a4c', 'none', 'c1'), j('a4c', 'a4c', 'c1'), j('plax', 'a4c', 'c2'), j('plax', 'plax', null)];
    expect(clipAccuracy(rows)).toEqual({ clips: 2, clipAccuracy: 0.5 });
    expect(clipAccuracy([j('a4c', 'a4c')])).toEqual({ clips: 0, clipAccuracy: null });
  });

  it('splits frame and clip figures by source when the data names sources', () => {
    const rows = [j('a4c', 'a4c', 'x1', 'echonet'), j('a4c', 'a2c', 'x1', 'echonet'), j('a4c', 'a4c', 'x1', 'echonet'), j('plax', 'none', 'b1', 'book')];
    expect(figures(rows, CLASSES).perSource).toEqual({
      book: { frames: 1, frameAccuracy: 0, clips: 1, clipAccuracy: 0 },
      echonet: { frames: 3, frameAccuracy: 0.6667, clips: 1, clipAccuracy: 1 },
    });
    expect(figures([j('a4c', 'a4c')], CLASSES).perSource).toBeUndefined();
  });

  it('lays the confusion matrix out with truth labels as rows and the classes plus unfamiliar as columns', () => {
    const c = confusion([j('psax', 'psax-mid'), j('a4c', UNFAMILIAR), j('a4c', 'a4c')], CLASSES);
    expect(c.rows).toEqual(['a4c', 'psax']);
    expect(c.cols).toEqual([...CLASSES, UNFAMILIAR]);
    expect(c.matrix[0][c.cols.indexOf(UNFAMILIAR)]).toBe(1);
    expect(c.matrix[1][c.cols.indexOf('psax-mid')]).toBe(1);
  });
});
