import { describe, expect, it } from 'vitest';
import { guide, pathBetween } from './guidance.js';
import { VIEW_NAMES } from '../views.js';

describe('guidance', () => {
  it('holds steady on target', () => {
    expect(guide({ state: 'stable', view: 'a4c', candidate: 'a4c', confidence: 0.97, target: 'a4c' })).toMatchObject({ kind: 'hold', text: 'Hold steady: Apical 4-chamber' });
  });

  it('gives the one move between neighbours, with direction and degrees', () => {
    const h = guide({ state: 'stable', view: 'a4c', candidate: 'a4c', confidence: 0.95, target: 'a2c' })!;
    expect(h.kind).toBe('move');
    expect(h.moves).toEqual([expect.objectContaining({ type: 'rotate', direction: 'ccw', degrees: 75 })]);
    expect(guide({ state: 'stable', view: 'plax', candidate: 'plax', confidence: 0.95, target: 'psax-basal' })!.moves[0]).toMatchObject({ type: 'rotate', direction: 'cw', degrees: 90 });
    expect(guide({ state: 'stable', view: 'a5c', candidate: 'a5c', confidence: 0.95, target: 'a4c' })!.moves[0]).toMatchObject({ type: 'tilt', direction: 'posterior' });
  });

  it('plans a path of moves to a far target', () => {
    const p = pathBetween('plax', 'a3c')!;
    expect(p.views).toEqual(['plax', 'a4c', 'a2c', 'a3c']);
    expect(p.moves.map((m) => m.type)).toEqual(['slide', 'rotate', 'rotate']);
    const h = guide({ state: 'stable', view: 'psax-mid', candidate: 'psax-mid', confidence: 0.9, target: 'sub-aorta' })!;
    expect(h.path[0]).toBe('psax-mid');
    expect(h.path.at(-1)).toBe('sub-aorta');
    expect(h.moves).toHaveLength(h.path.length - 1);
  });

  it('asks for a mode change for PW, CW and M-mode', () => {
    expect(guide({ state: 'stable', view: 'a4c', candidate: 'a4c', confidence: 0.95, target: 'pw' })).toMatchObject({ kind: 'mode', moves: [{ type: 'mode', direction: 'pw' }] });
    expect(guide({ state: 'stable', view: 'a5c', candidate: 'a5c', confidence: 0.95, target: 'cw' })!.moves[0].direction).toBe('cw');
    expect(pathBetween('a4c', 'mmode')!.moves.at(-1)).toMatchObject({ type: 'mode', direction: 'mmode' });
  });

  it('hints at image quality only when the model cannot even say the probe is between views, and says when there is no image', () => {
    expect(guide({ state: 'unknown', view: null, candidate: 'none', confidence: 0.3, target: 'a4c' })!.kind).toBe('quality');
    expect(guide({ state: 'no-image', view: null, candidate: 'none', confidence: 0, target: 'a4c' })!.kind).toBe('no-image');
    expect(guide({ state: 'acquiring', view: null, candidate: 'a4c', confidence: 0.7, target: 'a4c' })!.text).toMatch(/Almost there/);
    expect(guide({ state: 'stable', view: 'a4c', candidate: 'a4c', confidence: 0.9, target: null })).toBeNull();
  });

  it('keeps guiding toward the target from the last recognised view while no standard view is on screen', () => {
    const h = guide({ state: 'unknown', view: null, candidate: 'none', confidence: 0.3, target: 'a2c', lastView: 'a4c' })!;
    expect(h).toMatchObject({ kind: 'move', path: ['a4c', 'a2c'], moves: [{ type: 'rotate', direction: 'ccw' }] });
    expect(h.text).toMatch(/^From Apical 4-chamber \(seen last\): Rotate/);
    expect(guide({ state: 'acquiring', view: null, candidate: 'a5c', confidence: 0.6, target: 'a4c', lastView: 'a4c' })).toMatchObject({ kind: 'search', text: 'No standard view: go back to Apical 4-chamber (seen last)' });
  });

  it('says the image is unfamiliar, with no moves and the way to teach it, apart from no standard view', () => {
    const h = guide({ state: 'unknown', view: null, candidate: 'none', confidence: 0.4, target: 'a2c', lastView: 'a4c', unfamiliar: true })!;
    expect(h).toMatchObject({ kind: 'unfamiliar', moves: [], path: [] });
    expect(h.text).toMatch(/^Unfamiliar image: is this an echo screen\? .*teach it if it is your machine/);
    expect(guide({ state: 'no-image', view: null, candidate: 'none', confidence: 0, target: 'a2c', unfamiliar: true })!.kind).toBe('no-image');
  });

  it('guides between views without asking for gel: a sure "none" is a search, a leaning image moves from its nearest view', () => {
    const sure = guide({ state: 'unknown', view: null, candidate: 'none', confidence: 0.99, target: 'psax-mid' })!;
    expect(sure.kind).toBe('search');
    expect(sure.text).toMatch(/^Between views/);
    expect(sure.text).not.toMatch(/gel/);
    const leaning = guide({ state: 'unknown', view: null, candidate: 'psax-basal', confidence: 0.45, target: 'psax-mid' })!;
    expect(leaning).toMatchObject({ kind: 'search', path: ['psax-basal', 'psax-mid'], moves: [{ type: 'tilt', direction: 'toward-apex' }] });
    expect(leaning.text).toBe(`Between views, nearest ${VIEW_NAMES['psax-basal']}: Tilt the beam toward the apex`);
    expect(guide({ state: 'acquiring', view: null, candidate: 'a2c', confidence: 0.6, target: 'a3c' })!.text).toMatch(/^Between views, nearest Apical 2-chamber: Rotate/);
  });

  it('connects every pair of views', () => {
    const all = ['plax', 'rv-inflow', 'psax-basal', 'psax-mid', 'a4c', 'a5c', 'a2c', 'a3c', 'sub-4c', 'sub-ivc', 'sub-aorta', 'ssn-arch', 'pw', 'cw', 'mmode'] as const;
    for (const a of all) for (const b of all) expect(pathBetween(a, b), `${a} -> ${b}`).not.toBeNull();
  });
});
