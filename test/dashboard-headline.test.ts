import { describe, expect, it } from 'vitest';
import { headline } from '../dashboard/src/lib/headline.js';
import type { StateMessage } from '../server/protocol.js';

const names = { a4c: 'Apical 4-chamber' };
const state = (o: Partial<StateMessage>): StateMessage => ({
  type: 'state', stream: 's1', seq: 1, view: null, candidate: 'none', confidence: 0.2, temporal: 'unknown', top3: [],
  target: null, hint: null, protocol: null, captureTs: 0, publishTs: 0, ...o,
});

describe('overlay headline', () => {
  it('shows an unfamiliar image apart from no standard view', () => {
    expect(headline(state({ unfamiliar: true }), names)).toEqual({ title: 'Unfamiliar image: is this an echo screen?', label: 'unfamiliar', tone: 'unfamiliar', confidence: null });
    expect(headline(state({ unfamiliar: false }), names)).toMatchObject({ title: 'No standard view', tone: 'no-view' });
    expect(headline(state({}), names)).toMatchObject({ title: 'No standard view', tone: 'no-view' });
  });

  it('names the view when one is held, and says when there is no image or nothing yet', () => {
    expect(headline(state({ view: 'a4c', temporal: 'stable' }), names)).toMatchObject({ title: 'Apical 4-chamber', tone: 'view' });
    expect(headline(state({ temporal: 'no-image', reason: 'frozen', unfamiliar: true }), names)).toMatchObject({ title: 'No image', label: 'no image (frozen)' });
    expect(headline(state({ temporal: 'acquiring' }), names).title).toBe('Acquiring…');
  });

  it('says "Waiting" before any state arrives, not "No standard view"', () => {
    expect(headline(undefined, names)).toMatchObject({ title: 'Waiting…', tone: 'waiting', confidence: null });
  });

  it('shows a confidence only for a named view, never next to UNKNOWN (it would be the confidence in none)', () => {
    expect(headline(state({ view: 'a4c', temporal: 'stable', confidence: 0.97 }), names).confidence).toBe(0.97);
    expect(headline(state({ view: null, candidate: 'none', temporal: 'unknown', confidence: 0.99 }), names).confidence).toBeNull();
    expect(headline(state({ temporal: 'acquiring', confidence: 0.9 }), names).confidence).toBeNull();
  });
});
