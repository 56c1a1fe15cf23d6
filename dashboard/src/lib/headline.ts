/**
 * The overlay's headline for a stream's state: the view's name, or why there is none. An unfamiliar image
 * ("is this an echo screen?") is told apart from "No standard view" (an echo image between views). Pure.
 */
import { type StateMessage, UNFAMILIAR_TEXT } from '../../../server/protocol.js';

export type Tone = 'view' | 'acquiring' | 'no-view' | 'unfamiliar' | 'no-image' | 'waiting';

export function headline(state: StateMessage | undefined, names: Record<string, string>): { title: string; label: string; tone: Tone } {
  if (!state) return { title: 'No standard view', label: 'waiting', tone: 'waiting' };
  if (state.temporal === 'no-image') return { title: 'No image', label: `no image${state.reason ? ` (${state.reason})` : ''}`, tone: 'no-image' };
  if (state.unfamiliar) return { title: UNFAMILIAR_TEXT, label: 'unfamiliar', tone: 'unfamiliar' };
  if (state.view) return { title: names[state.view] ?? state.view, label: state.temporal, tone: 'view' };
  if (state.temporal === 'acquiring') return { title: 'Acquiring…', label: state.temporal, tone: 'acquiring' };
  return { title: 'No standard view', label: state.temporal, tone: 'no-view' };
}
