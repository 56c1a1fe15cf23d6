import { describe, expect, it } from 'vitest';
import type { Judged } from './metrics.js';
import { clipInterval } from './interval.js';
import { figures } from './report.js';
import { seededRandom } from '../random.js';

const frame = (clip: string | null, right: boolean): Judged => ({ truth: 'a4c', predicted: right ? 'a4c' : 'a2c', clip, source: null });
const isA4c = (r: Judged) => r.predicted === 'a4c';

describe('clip bootstrap interval', () => {
  it('holds the point figure and gives the same interval for the same seed', () => {
    // 12 clips of 5 frames, alternately 3 and 2 of them right: 0.5 overall
    const rows = Array.from({ length: 12 }, (_, c) => Array.from({ length: 5 }, (_, f) => frame(`c${c}`, (c + f) % 2 === 0))).flat();
    const a = clipInterval(rows, isA4c, { random: seededRandom(3) })!;
    expect(a[0]).toBeLessThanOrEqual(0.5);
    expect(a[1]).toBeGreaterThanOrEqual(0.5);
    expect(clipInterval(rows, isA4c, { random: seededRandom(3) })).toEqual(a);
  });

  it('moves the frames of one clip together, so two clips that disagree span nearly everything', () => {
    const rows = [...Array.from({ length: 20 }, () => frame('all-right', true)), ...Array.from({ length: 20 }, () => frame('all-wrong', false))];
    expect(clipInterval(rows, isA4c, { random: seededRandom(1) })).toEqual([0, 1]);
    // the same 40 frames as independent frames (no clip) give a narrow interval around 0.5
    const loose = clipInterval(rows.map((r) => ({ ...r, clip: null })), isA4c, { random: seededRandom(1) })!;
    expect(loose[0]).toBeGreaterThan(0.25);
    expect(loose[1]).toBeLessThan(0.75);
  });

  it('is a single point when every clip agrees, and null without frames', () => {
    const rows = Array.from({ length: 6 }, (_, c) => frame(`c${c}`, true));
    expect(clipInterval(rows, isA4c, { random: seededRandom(1) })).toEqual([1, 1]);
    expect(clipInterval([], isA4c, { random: seededRandom(1) })).toBeNull();
  });

  it('is reported for the view frames and for the none-masked figure in the evaluation figures', () => {
    const rows: Judged[] = [
      { truth: 'a4c', predicted: 'none', topView: 'a4c', clip: 'p', source: null },
      { truth: 'a4c', predicted: 'a4c', topView: 'a4c', clip: 'q', source: null },
      { truth: 'none', predicted: 'none', topView: 'a2c', clip: 'r', source: null },
    ];
    const f = figures(rows, ['a4c', 'a2c', 'none']);
    expect(f.viewFrameInterval).toEqual([0, 1]);
    expect(f.viewFrameNoneMaskedInterval).toEqual([1, 1]);
    expect(figures([{ truth: 'none', predicted: 'none', clip: null, source: null }], ['a4c', 'none']).viewFrameInterval).toBeNull();
  });
});
