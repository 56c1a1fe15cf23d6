/** The overlay's pure parts: keys, names, colours, the timeline, the hint glyph and the badge's settings. */
import { describe, expect, it } from 'vitest';
import { keyAction } from '../dashboard/src/lib/keys.js';
import { className } from '../dashboard/src/lib/names.js';
import { NO_VIEW_COLOUR, VIEW_COLOURS, viewColour } from '../dashboard/src/lib/colours.js';
import { contrastRatio, parseColour } from '../dashboard/src/lib/contrast.js';
import { timeline } from '../dashboard/src/lib/timeline.js';
import { ARC_R, ROTATE_TEXT, glyphFor, rotateGeometry, WINDOWS } from '../dashboard/src/lib/glyph.js';
import { BADGE_DEFAULTS, loadBadgeSettings, nextPosition, OPACITY_MIN, parseBadgeSettings, saveBadgeSettings, stepOpacity } from '../dashboard/src/lib/badge-settings.js';
import { gridShape } from '../dashboard/src/overlay/grid-shape.js';
import { perfLine } from '../dashboard/src/lib/perf.js';
import type { Hint, Move, StreamHealth } from '../server/protocol.js';
import { VIEW_IDS, VIEW_NAMES } from '../server/views.js';

describe('dashboard keys', () => {
  it('take plain t, o and l as well as Shift+T, O and L', () => {
    for (const k of ['t', 'T']) expect(keyAction({ key: k })).toEqual({ type: 'toggle-trainer' });
    for (const k of ['o', 'O']) expect(keyAction({ key: k })).toEqual({ type: 'toggle-badge' });
    for (const k of ['l', 'L']) expect(keyAction({ key: k })).toEqual({ type: 'toggle-theme' });
  });

  it('choose a stream with 1-9 and go back to all streams with 0 or Escape', () => {
    expect(keyAction({ key: '1' })).toEqual({ type: 'stream', index: 0 });
    expect(keyAction({ key: '9' })).toEqual({ type: 'stream', index: 8 });
    expect(keyAction({ key: '0' })).toEqual({ type: 'all-streams' });
    expect(keyAction({ key: 'Escape' })).toEqual({ type: 'all-streams' });
  });

  it('leave keys with Ctrl, Alt or Meta and keys typed into form fields alone', () => {
    expect(keyAction({ key: 't', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'l', metaKey: true })).toBeNull();
    expect(keyAction({ key: 'o', altKey: true })).toBeNull();
    expect(keyAction({ key: 't', targetTag: 'INPUT' })).toBeNull();
    expect(keyAction({ key: '1', targetTag: 'select' })).toBeNull();
    expect(keyAction({ key: 'x' })).toBeNull();
  });

  it('move the badge with p and change its backing with [ and ]', () => {
    expect(keyAction({ key: 'p' })).toEqual({ type: 'badge-position' });
    expect(keyAction({ key: ']' })).toEqual({ type: 'badge-opacity', steps: 1 });
    expect(keyAction({ key: '[' })).toEqual({ type: 'badge-opacity', steps: -1 });
  });
});

describe('class names on screen', () => {
  it('call the none class "No standard view", never "none"', () => {
    expect(className('none', VIEW_NAMES)).toBe('No standard view');
    expect(className(null, VIEW_NAMES)).toBe('No standard view');
    expect(className('a4c', VIEW_NAMES)).toBe('Apical 4-chamber');
  });

  it('say where each mode is taken and name the short axes by level', () => {
    expect(VIEW_NAMES.pw).toMatch(/PW.*mitral inflow.*A4C/);
    expect(VIEW_NAMES.cw).toMatch(/CW.*aortic valve.*A5C/);
    expect(VIEW_NAMES.mmode).toMatch(/M-mode.*PLAX/);
    expect(VIEW_NAMES['psax-basal']).toBe('PSAX - AV level');
  });
});

describe('view colours', () => {
  const dark = parseColour('#161a1f');
  const hue = (hex: string) => {
    const { r, g, b } = parseColour(hex);
    const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
    if (d === 0) return { h: 0, s: 0 };
    const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    return { h: (h * 60 + 360) % 360, s: d / max };
  };

  it('give every view a colour of 3:1 or more on the dark panel, PLAX and CW included', () => {
    for (const v of VIEW_IDS) expect(contrastRatio(parseColour(viewColour(v)), dark), v).toBeGreaterThanOrEqual(3);
    expect(viewColour('none')).toBe(NO_VIEW_COLOUR);
  });

  it('draw no view in red, which reads as an error', () => {
    for (const [v, c] of Object.entries(VIEW_COLOURS)) {
      const { h, s } = hue(c);
      expect(s > 0.3 && (h < 20 || h > 340), `${v} ${c} hue ${h.toFixed(0)}`).toBe(false);
    }
  });

  it('keep the colours of different views apart', () => {
    const cs = Object.values(VIEW_COLOURS).map(parseColour);
    for (let i = 0; i < cs.length; i++) for (let j = i + 1; j < cs.length; j++) expect(Math.hypot(cs[i].r - cs[j].r, cs[i].g - cs[j].g, cs[i].b - cs[j].b)).toBeGreaterThan(40);
  });
});

describe('view timeline', () => {
  const now = 1_000_000;
  const history = [
    { t: now - 90_000, view: 'plax', temporal: 'stable' },
    { t: now - 30_000, view: null, temporal: 'unknown' },
    { t: now - 20_000, view: 'a4c', temporal: 'stable' },
    { t: now - 10_000, view: 'a4c', temporal: 'stable' },
  ];

  it('places segments on the last minute, merging repeats, clipped at its start', () => {
    const tl = timeline(history, now, VIEW_NAMES);
    expect(tl.segments.map((s) => [s.view, Math.round(s.left), Math.round(s.width)])).toEqual([['plax', 0, 50], [null, 50, 17], ['a4c', 67, 33]]);
  });

  it('has a legend of the views seen, longest first, and a time axis ending now', () => {
    const tl = timeline(history, now, VIEW_NAMES);
    expect(tl.legend.map((l) => [l.name, Math.round(l.seconds)])).toEqual([['Parasternal long axis', 30], ['Apical 4-chamber', 20], ['No standard view', 10]]);
    expect(tl.ticks).toEqual([{ at: 0, label: '60 s ago' }, { at: 50, label: '30 s' }, { at: 100, label: 'now' }]);
  });
});

describe('hint glyph', () => {
  const hint = (move: Move, path: string[] = ['plax', 'a4c']): Hint => ({ kind: move.type === 'mode' ? 'mode' : 'move', target: null, moves: [move], path: path as Hint['path'], text: move.text });

  it('draws a slide as an arrow between windows on the torso', () => {
    expect(glyphFor(hint({ type: 'slide', direction: 'apical', text: '' }, ['plax', 'a4c']))).toEqual({ kind: 'slide', from: WINDOWS.parasternal, to: WINDOWS.apical });
    expect(glyphFor(hint({ type: 'slide', direction: 'subcostal', text: '' }, ['a4c', 'sub-4c']))).toEqual({ kind: 'slide', from: WINDOWS.apical, to: WINDOWS.subcostal });
  });

  it('points tilts in patient directions: the right hip is on the viewer\'s left and below, the base toward the right shoulder', () => {
    const g = glyphFor(hint({ type: 'tilt', direction: 'right-hip', degrees: 20, text: '' }));
    expect(g.kind).toBe('tilt');
    if (g.kind !== 'tilt') return;
    expect(g.to[0]).toBeLessThan(g.from[0]);
    expect(g.to[1]).toBeGreaterThan(g.from[1]);
    const b = glyphFor(hint({ type: 'tilt', direction: 'toward-base', degrees: 20, text: '' }, ['psax-mid', 'psax-basal']));
    if (b.kind !== 'tilt') throw new Error(b.kind);
    expect(b.to[0]).toBeLessThan(b.from[0]);
    expect(b.to[1]).toBeLessThan(b.from[1]);
    expect(glyphFor(hint({ type: 'tilt', direction: 'anterior', degrees: 15, text: '' }, ['a4c', 'a5c']))).toEqual({ kind: 'tilt-depth', at: WINDOWS.apical, toward: 'front' });
  });

  it('reads body words ("the head", "the patient\'s left") and starts relative moves mid-chest when the start is unknown', () => {
    const g = glyphFor({ kind: 'move', target: 'a4c', moves: [{ type: 'tilt', direction: 'the head', degrees: 5, text: '' }], path: ['a4c'], text: '' });
    expect(g).toMatchObject({ kind: 'tilt', from: [0, 0] });
    if (g.kind === 'tilt') expect(g.to[1]).toBeLessThan(0);
    const s = glyphFor({ kind: 'move', target: 'a4c', moves: [{ type: 'slide', direction: "the patient's left", text: '' }], path: ['a4c'], text: '' });
    if (s.kind !== 'slide') throw new Error(s.kind);
    expect(s.to[0]).toBeGreaterThan(s.from[0]);
  });

  it('shows a mode switch as the key to press, with no arrow', () => {
    expect(glyphFor(hint({ type: 'mode', direction: 'pw', text: '' }, ['a4c', 'pw']))).toEqual({ kind: 'mode', key: 'PW' });
    expect(glyphFor(hint({ type: 'mode', direction: '2d', text: '' }, ['cw', 'a5c']))).toEqual({ kind: 'mode', key: '2D' });
  });

  it('draws nothing for a direction it does not know', () => {
    expect(glyphFor(hint({ type: 'tilt', direction: 'sideways-ish', text: '' }))).toEqual({ kind: 'none' });
  });

  it('keeps the rotate arrowhead clear of the degrees written inside the arc', () => {
    for (const d of ['cw', 'ccw'] as const) {
      const { head } = rotateGeometry(d);
      const textCorner = Math.hypot(ROTATE_TEXT.halfWidth, ROTATE_TEXT.halfHeight);
      for (const [x, y] of head) expect(Math.hypot(x, y)).toBeGreaterThan(textCorner + 2);
      for (const [x, y] of head) expect(Math.hypot(x, y)).toBeLessThanOrEqual(60);
    }
    expect(ARC_R).toBeGreaterThan(Math.hypot(ROTATE_TEXT.halfWidth, ROTATE_TEXT.halfHeight));
  });
});

describe('badge settings', () => {
  const store = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
  };

  it('are remembered, with the URL taking precedence for an OBS source', () => {
    const s = store();
    saveBadgeSettings(s, { position: 'top-left', opacity: 0.7 });
    expect(loadBadgeSettings(s, new URLSearchParams('badge'))).toEqual({ position: 'top-left', opacity: 0.7 });
    expect(loadBadgeSettings(s, new URLSearchParams('badge=lower-third&opacity=0.9'))).toEqual({ position: 'lower-third', opacity: 0.9 });
  });

  it('fall back to defaults on damaged or unknown values and keep the backing opaque enough to read', () => {
    const s = store();
    s.setItem('echolive.badge', '{not json');
    expect(loadBadgeSettings(s, new URLSearchParams(''))).toEqual(BADGE_DEFAULTS);
    expect(parseBadgeSettings({ position: 'middle', opacity: 'abc' })).toEqual(BADGE_DEFAULTS);
    expect(parseBadgeSettings({ opacity: 0.1 }).opacity).toBe(OPACITY_MIN);
    expect(parseBadgeSettings({ opacity: 7 }).opacity).toBe(1);
    expect(stepOpacity(OPACITY_MIN, -1)).toBe(OPACITY_MIN);
    expect(stepOpacity(0.85, 1)).toBe(0.9);
  });

  it('cycle through every position', () => {
    const seen = new Set<string>();
    let p = BADGE_DEFAULTS.position;
    for (let i = 0; i < 5; i++) seen.add((p = nextPosition(p)));
    expect(seen.size).toBe(5);
  });
});

describe('grid and performance line', () => {
  it('lay tiles out as square as fits, wider than tall', () => {
    expect([1, 2, 3, 4, 5, 9, 10].map(gridShape)).toEqual([{ cols: 1, rows: 1 }, { cols: 2, rows: 1 }, { cols: 2, rows: 2 }, { cols: 2, rows: 2 }, { cols: 3, rows: 2 }, { cols: 3, rows: 3 }, { cols: 4, rows: 3 }]);
  });

  it('say frame rate and p95 latency, a status other than live, and frames lost over capacity', () => {
    const h = { id: 's1', source: 'x', status: 'live', framesIn: 0, processed: 0, dropped: 0, fps: 30, lossPercent: 0, behind: false, latencyMs: { p50: 2.34, p95: 12.6 }, restarts: 0, lastError: null, stderrTail: [] } as StreamHealth;
    expect(perfLine(h)).toBe('30 fps · p95 13 ms');
    expect(perfLine({ ...h, status: 'stale', latencyMs: { p50: 1, p95: 4.26 } })).toBe('30 fps · p95 4.3 ms · stale');
    expect(perfLine({ ...h, fps: 24.3, lossPercent: 19, behind: true })).toBe('24.3 fps · p95 13 ms · 19% frames lost: machine over capacity');
  });
});
