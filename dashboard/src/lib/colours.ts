/** A distinct colour per view for the history strip and checklists; grey for no view. */
const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe', '#008080', '#e6beff', '#9a6324', '#800000', '#aaffc3'];

export function viewColour(classes: string[], view: string | null): string {
  const i = view ? classes.indexOf(view) : -1;
  return i >= 0 && i < PALETTE.length ? PALETTE[i] : '#777';
}
