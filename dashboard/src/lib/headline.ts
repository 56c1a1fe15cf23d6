/**
 * The overlay's headline for a stream's state: the view's name, or why there is none, and the confidence to
 * show beside it. An unfamiliar image ("is this an echo screen?") is told apart from "No standard view" (an
 * echo image between views), and a stream with no state yet says "Waiting". Pure.
 */
import { type StateMessage, UNFAMILIAR_TEXT } from '../../../server/protocol.js';
import { NO_VIEW_TEXT } from './names.js';

export type Tone = 'view' | 'acquiring' | 'no-view' | 'unfamiliar' | 'no-image' | 'waiting';

export interface Headline {
  title: string;
  label: string;
  tone: Tone;
  /**
   * 0-1, the confidence in the view named by the title; null when no view is named (the model's confidence
   * in `none` is no reassurance, so no bar is drawn next to UNKNOWN).
   */
  confidence: number | null;
}

export function headline(state: StateMessage | undefined, names: Record<string, string>): Headline {
  if (!state) return { title: 'Waiting…', label: 'waiting for data', tone: 'waiting', confidence: null };
  if (state.temporal === 'no-image') return { title: 'No image', label: `no image${state.reason ? ` (${state.reason})` : ''}`, tone: 'no-image', confidence: null };
  if (state.unfamiliar) return { title: UNFAMILIAR_TEXT, label: 'unfamiliar', tone: 'unfamiliar', confidence: null };
  if (state.view) return { title: names[state.view] ?? state.view, label: state.temporal, tone: 'view', confidence: state.confidence };
  if (state.temporal === 'acquiring') return { title: 'Acquiring…', label: state.temporal, tone: 'acquiring', confidence: null };
  return { title: NO_VIEW_TEXT, label: state.temporal, tone: 'no-view', confidence: null };
}
