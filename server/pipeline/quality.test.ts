import { describe, expect, it } from 'vitest';
import { QualityMeter } from './quality.js';

const bright = new Uint8Array(4800).map((_, i) => (i % 3 === 0 ? 160 : 20));
const dark = new Uint8Array(4800).map((_, i) => (i % 3 === 0 ? 30 : 5));

describe('quality meter', () => {
  it('reads nothing without a held 2D view, nor for Doppler and M-mode', () => {
    const m = new QualityMeter();
    expect(m.update(0, null, [90, 90, 90], bright)).toBeNull();
    expect(m.update(0, 'pw', [90, 90, 90], bright)).toBeNull();
  });

  it('smooths the score while one view is held and starts afresh on another', () => {
    const m = new QualityMeter();
    expect(m.update(0, 'a4c', [90, 90, 90], bright)).toEqual({ score: 90 });
    expect(m.update(0.3, 'a4c', [50, 40, 80], bright)!.score).toBe(70); // one half-life: halfway
    expect(m.update(0.4, 'plax', [85, 85, 85], bright)).toEqual({ score: 85 });
  });

  it('says off-axis when the angle is worse, foreshortened on an apical view and off-window elsewhere when the position is', () => {
    expect(new QualityMeter().update(0, 'a4c', [40, 30, 80], bright)).toEqual({ score: 40, reason: 'off-axis' });
    expect(new QualityMeter().update(0, 'a4c', [40, 80, 30], bright)).toEqual({ score: 40, reason: 'foreshortened' });
    expect(new QualityMeter().update(0, 'psax-mid', [40, 80, 30], bright)).toEqual({ score: 40, reason: 'off-window' });
  });

  it('says too deep when the score sits well under both pose parts, whatever the score, and not when a pose part explains it', () => {
    expect(new QualityMeter().update(0, 'a4c', [45, 90, 85], bright)).toEqual({ score: 45, reason: 'too-deep' });
    expect(new QualityMeter().update(0, 'plax', [70, 95, 90], bright)).toEqual({ score: 70, reason: 'too-deep' });
    expect(new QualityMeter().update(0, 'a4c', [75, 85, 80], bright)).toEqual({ score: 75 });
    expect(new QualityMeter().update(0, 'a4c', [40, 45, 80], bright)).toEqual({ score: 40, reason: 'off-axis' });
  });

  it('says too dark from the pixels, whatever the model thinks', () => {
    expect(new QualityMeter().update(0, 'a4c', [95, 95, 95], dark)).toEqual({ score: 95, reason: 'too-dark' });
  });
});
