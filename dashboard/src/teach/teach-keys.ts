/**
 * Keys of the Teach screen: Up/Down pick the class to teach, Space held teaches it (key down starts, key up
 * stops), Enter applies, Z undoes the last hold. Keys with Ctrl, Alt or Meta, key repeats and keys typed into
 * a form field are not ours (the global keys T, O, L, 0-9 stay the shell's). Pure.
 */
import { foreignKey, type KeyInput } from '../lib/keys.js';

export type TeachKey =
  | { type: 'move'; by: number }
  | { type: 'hold'; down: boolean }
  | { type: 'apply' }
  | { type: 'undo' };

export interface TeachKeyInput extends KeyInput {
  /** keydown or keyup */
  kind: 'down' | 'up';
  repeat?: boolean;
}

export function teachKey(ev: TeachKeyInput): TeachKey | null {
  if (foreignKey(ev)) return null;
  if (ev.key === ' ') return ev.repeat ? null : { type: 'hold', down: ev.kind === 'down' };
  if (ev.kind !== 'down') return null;
  if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') return { type: 'move', by: ev.key === 'ArrowUp' ? -1 : 1 };
  if (ev.repeat) return null;
  if (ev.key === 'Enter') return { type: 'apply' };
  if (ev.key.toLowerCase() === 'z') return { type: 'undo' };
  return null;
}

/** The class `by` steps from `current` in the list, wrapping around. */
export function stepClass(classes: string[], current: string, by: number): string {
  const i = classes.indexOf(current);
  return classes[(((i < 0 ? 0 : i + by) % classes.length) + classes.length) % classes.length];
}
