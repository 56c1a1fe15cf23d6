/**
 * The dashboard's global keys, case-insensitive (the README says "T"; people press t): T trainer/overlay,
 * O corner badge (over the scanner's own screen), L light/dark, 1-9 one stream, 0 or Escape back to all
 * streams; with the badge shown, P moves it to the next corner and [ / ] make its backing lighter / darker.
 * Keys pressed with Ctrl, Alt or Meta, and keys typed into a form field, are not ours. Pure.
 */
export type KeyAction =
  | { type: 'toggle-trainer' }
  | { type: 'toggle-badge' }
  | { type: 'toggle-theme' }
  | { type: 'stream'; index: number }
  | { type: 'all-streams' }
  | { type: 'badge-position' }
  | { type: 'badge-opacity'; steps: number };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The focused element's tag name (INPUT, SELECT, TEXTAREA take their own keys). */
  targetTag?: string;
}

const FORM_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/** Keys that belong to the browser or a form field: pressed with Ctrl, Alt or Meta, or typed into a field. */
export function foreignKey(ev: KeyInput): boolean {
  return !!(ev.ctrlKey || ev.altKey || ev.metaKey) || (!!ev.targetTag && FORM_TAGS.has(ev.targetTag.toUpperCase()));
}

export function keyAction(ev: KeyInput): KeyAction | null {
  if (foreignKey(ev)) return null;
  const k = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  if (k === 't') return { type: 'toggle-trainer' };
  if (k === 'o') return { type: 'toggle-badge' };
  if (k === 'l') return { type: 'toggle-theme' };
  if (k === 'p') return { type: 'badge-position' };
  if (k === '[' || k === ']') return { type: 'badge-opacity', steps: k === ']' ? 1 : -1 };
  if (k === '0' || k === 'Escape') return { type: 'all-streams' };
  if (/^[1-9]$/.test(k)) return { type: 'stream', index: Number(k) - 1 };
  return null;
}
