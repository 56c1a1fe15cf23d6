/**
 * When to suggest teaching: a real source whose frames the base model has named no standard view for a while is
 * most likely a machine it does not know (on real scans the shipped model names few views: README), and a
 * sonographer there should be told that a few seconds per view can teach it (the Teach tab). Pure.
 */
export class TeachSuggestion {
  private unrecognisedS = 0;
  private last: number | null = null;

  /** `afterS`: seconds of live image without a recognised view before suggesting; 0 never suggests. */
  constructor(private readonly afterS: number) {}

  /**
   * One frame at `time` (s): whether a view was recognised (held), whether there was an image at all (time without
   * one neither counts nor resets), whether a taught profile is applied (then teaching was found already).
   * Returns whether to suggest teaching now.
   */
  update(time: number, o: { recognised: boolean; image: boolean; profiled: boolean }): boolean {
    // A gap in the frames (a stalled source) counts as at most one second.
    const dt = this.last === null ? 0 : Math.min(1, Math.max(0, time - this.last));
    this.last = time;
    if (this.afterS === 0 || o.recognised || o.profiled) this.unrecognisedS = 0;
    else if (o.image) this.unrecognisedS += dt;
    return this.afterS > 0 && this.unrecognisedS >= this.afterS;
  }
}
