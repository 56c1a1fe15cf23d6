/** A token bucket: `rate` messages a second on average, bursts of up to `rate` (one second's worth). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** @param rate messages per second @param now clock in ms (performance.now by default) */
  constructor(private readonly rate: number, now = performance.now()) {
    this.tokens = rate;
    this.last = now;
  }

  /** Take one token if there is one. */
  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
