import { describe, expect, it } from 'vitest';
import { stepClass, teachKey } from '../dashboard/src/teach/teach-keys.js';

describe('teach keys', () => {
  it('hold Space to teach: down starts, up stops, repeats are ignored', () => {
    expect(teachKey({ key: ' ', kind: 'down' })).toEqual({ type: 'hold', down: true });
    expect(teachKey({ key: ' ', kind: 'down', repeat: true })).toBeNull();
    expect(teachKey({ key: ' ', kind: 'up' })).toEqual({ type: 'hold', down: false });
  });

  it('Up/Down pick the class, Enter applies, Z undoes; not in form fields or with modifiers', () => {
    expect(teachKey({ key: 'ArrowDown', kind: 'down' })).toEqual({ type: 'move', by: 1 });
    expect(teachKey({ key: 'ArrowUp', kind: 'down', repeat: true })).toEqual({ type: 'move', by: -1 });
    expect(teachKey({ key: 'Enter', kind: 'down' })).toEqual({ type: 'apply' });
    expect(teachKey({ key: 'Z', kind: 'down' })).toEqual({ type: 'undo' });
    expect(teachKey({ key: 'z', kind: 'down', targetTag: 'INPUT' })).toBeNull();
    expect(teachKey({ key: ' ', kind: 'down', ctrlKey: true })).toBeNull();
    expect(teachKey({ key: 'Enter', kind: 'up' })).toBeNull();
  });

  it('steps through the classes with wrap-around', () => {
    const c = ['plax', 'a4c', 'none'];
    expect(stepClass(c, 'plax', -1)).toBe('none');
    expect(stepClass(c, 'none', 1)).toBe('plax');
    expect(stepClass(c, 'a4c', 1)).toBe('none');
  });
});
