/**
 * A colour per view for the timeline, legends and checklists, by view id (not class index, so a model with
 * another class order keeps them). Families by window: parasternal blues and cyans, apical greens, subcostal
 * ambers, suprasternal lavender, modes pink, magenta and white. No view is red (red means an error here), and
 * every colour keeps 3:1 or more against the dark panel, as WCAG asks of graphics. Grey means no view.
 */
import type { ViewId } from '../../../server/views.js';

export const VIEW_COLOURS: Record<ViewId, string> = {
  plax: '#4fa3ff',
  'rv-inflow': '#a9d1ff',
  'psax-basal': '#00c2d1',
  'psax-mid': '#86e6ec',
  a4c: '#4cd964',
  a5c: '#c2ec6f',
  a2c: '#1fb89a',
  a3c: '#a5e4bd',
  'sub-4c': '#ffb74d',
  'sub-ivc': '#ffe066',
  'sub-aorta': '#d6a46c',
  'ssn-arch': '#c39bff',
  pw: '#ff8ad8',
  cw: '#e8b4ff',
  mmode: '#f2f2f2',
};

/** Frames with no view (`none`, blank, unfamiliar). */
export const NO_VIEW_COLOUR = '#6b7280';

export function viewColour(view: string | null): string {
  return (view && (VIEW_COLOURS as Record<string, string>)[view]) || NO_VIEW_COLOUR;
}
