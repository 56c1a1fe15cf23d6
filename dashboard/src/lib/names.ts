/**
 * Display names for model classes. The server's hello carries the views' names; the model's extra class
 * `none` (transitional, blank, off-body, non-cardiac) is shown as what it means, never as the raw id. Pure.
 */
import { NONE_CLASS } from '../../../server/views.js';

/** What the dashboard calls the `none` class. */
export const NO_VIEW_TEXT = 'No standard view';

export function className(id: string | null, names: Record<string, string>): string {
  if (id === null || id === NONE_CLASS) return NO_VIEW_TEXT;
  return names[id] ?? id;
}
