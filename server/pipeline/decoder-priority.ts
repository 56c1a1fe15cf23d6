/**
 * Over capacity, decoding is what runs short: the decoders of streams nobody has selected step back by
 * DEMOTE niceness, so the selected stream's decoder keeps its full rate and the others share what is left
 * evenly. Pure.
 */

/** Niceness steps a decoder of an unselected stream yields over capacity. */
export const DEMOTE = 5;

/** The niceness a stream's decoder should run at. @param base capture.nice (0-19) */
export function decoderNice(base: number, overloaded: boolean, selected: boolean): number {
  return overloaded && !selected ? Math.min(19, base + DEMOTE) : base;
}
