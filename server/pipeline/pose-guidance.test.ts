import { describe, expect, it } from 'vitest';
import { guidePose, movesToward } from './pose-guidance.js';
import { CURSOR_START, type Cursor, type PoseError, type ProbeHold, type SkinState } from '../pose.js';
import type { ViewId } from '../views.js';

const at: SkinState = { s: 0, z: 0, rotate: 0, tilt: 0, rock: 0 };
const err = { mm: 30, beamDeg: 20, rotationDeg: 40, deg: 40 };
type Extra = Partial<{ target: ViewId; mode: ProbeHold['mode']; cursor: Cursor; poseReached: boolean; reached: boolean; error: PoseError; cursorTarget: Cursor | null; cursorPlaced: boolean }>;
const input = (ideal: Partial<SkinState>, x: Extra = {}) => ({
  target: x.target ?? 'a4c', hold: { skin: at, mode: x.mode ?? '2d', cursor: x.cursor ?? CURSOR_START }, ideal: { ...at, ...ideal },
  standing: { error: x.error ?? err, poseReached: x.poseReached ?? false, reached: x.reached ?? false, cursorTarget: x.cursorTarget ?? null, cursorPlaced: x.cursorPlaced ?? true },
});

describe('closed-loop probe guidance', () => {
  it('names the largest gap first, as keys and in a sonographer\'s words', () => {
    const h = guidePose(input({ rotate: 40, s: 1.5, tilt: -10 }));
    expect(h.kind).toBe('move');
    expect(h.text).toBe('⇧E x1: rotate clockwise 30°');
    expect(h.moves.map((m) => [m.key, m.presses])).toEqual([['shift+e', 1], ['arrowright', 3], ['e', 2], ['s', 2]]);
    expect(h.moves[1].text).toBe("→ x3: slide toward the patient's left 15 mm");
    expect(h.moves[2].text).toBe('E x2: rotate clockwise 10°');
  });

  it('uses Shift (30 mm, 30 degrees a press) for large gaps, then fine presses, whichever is fewer', () => {
    expect(movesToward(at, { ...at, rotate: 140 }).map((m) => m.text)).toEqual(['⇧E x5: rotate clockwise 150°', 'Q x2: rotate counter-clockwise 10°']);
    expect(movesToward(at, { ...at, z: -12.5 }).map((m) => m.text)).toEqual(['⇧↓ x4: slide toward the feet 120 mm', '↓ x1: slide toward the feet 5 mm']);
  });

  it('says which way a tilt and a rock move the beam from how the probe is turned', () => {
    // Marker to the head: W fans the beam toward the patient's right, D rocks it toward the head.
    expect(movesToward(at, { ...at, tilt: 10 })[0].text).toBe("W x2: tilt the beam toward the patient's right 10°");
    expect(movesToward(at, { ...at, rock: 15 })[0].text).toBe('D x3: rock toward the marker (toward the head) 15°');
    // Marker turned 90 degrees clockwise (to the patient's left): W fans toward the head.
    const turned = { ...at, rotate: 90 };
    expect(movesToward(turned, { ...turned, tilt: 10 })[0].text).toBe('W x2: tilt the beam toward the head 10°');
    expect(movesToward(turned, { ...turned, rock: -5 })[0].text).toBe("A x1: rock away from the marker (toward the patient's right) 5°");
  });

  it('turns the short way round and slides toward the feet and right with the arrow keys', () => {
    expect(movesToward({ ...at, rotate: 170 }, { ...at, rotate: -170 }).map((m) => [m.key, m.presses, m.direction])).toEqual([['shift+e', 1, 'cw'], ['q', 2, 'ccw']]);
    expect(movesToward(at, { ...at, z: -1.5, s: -1 }).map((m) => m.key)).toEqual(['arrowdown', 'arrowleft']);
  });

  it('asks for one press of the largest gap when every gap rounds to zero but the view is not reached', () => {
    const h = guidePose(input({ tilt: 2, rock: 1 }));
    expect(h.moves).toEqual([expect.objectContaining({ key: 'w', presses: 1 })]);
  });

  it('holds when reached, switches mode on the base view, and leaves a spectral mode for a 2D target first', () => {
    expect(guidePose(input({}, { reached: true, poseReached: true, error: { mm: 2, beamDeg: 3, rotationDeg: 4, deg: 4 } })).text).toBe('Hold steady: Apical 4-chamber (2 mm, 4° from the ideal)');
    expect(guidePose(input({}, { target: 'pw', poseReached: true }))).toMatchObject({ kind: 'mode', moves: [{ key: 'p', presses: 1 }], text: 'P: switch to PW Doppler, gate at the mitral leaflet tips' });
    expect(guidePose(input({ rotate: 40 }, { mode: 'cw' }))).toMatchObject({ kind: 'mode', text: 'B: back to 2D' });
    expect(guidePose(input({ rotate: 40 }, { target: 'mmode', mode: 'pw' })).moves[0].key).toBe('shift+e');
  });

  it('then places the mode\'s cursor: the line with Z/X, the PW gate with R/F, largest first', () => {
    const h = guidePose(input({}, { target: 'pw', mode: 'pw', poseReached: true, cursorPlaced: false, cursorTarget: { angleDeg: -8, gateCm: 13 } }));
    expect(h.kind).toBe('mode');
    expect(h.moves.map((m) => m.text)).toEqual(['F x10: gate deeper 50 mm (to the mitral leaflet tips)', 'Z x4: cursor left 8° (through the mitral leaflet tips)']);
    expect(guidePose(input({}, { target: 'cw', mode: 'cw', poseReached: true, cursorPlaced: false, cursorTarget: { angleDeg: 5, gateCm: 2 } })).moves.map((m) => m.key)).toEqual(['x']);
  });
});
