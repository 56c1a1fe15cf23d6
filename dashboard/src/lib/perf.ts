/** The stream's performance line: frame rate, capture-to-publish latency (p95) and a status other than live. Pure. */
import type { StreamHealth } from '../../../server/protocol.js';

export function perfLine(h: StreamHealth | undefined): string {
  if (!h) return '';
  const ms = (v: number) => (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
  const line = `${h.fps} fps · p95 ${ms(h.latencyMs.p95)} ms`;
  if (h.status !== 'live') return `${line} · ${h.status}`;
  // Over capacity the server says which streams lose frames; the sonographer should know the image lags.
  return h.behind ? `${line} · ${h.lossPercent}% frames lost: machine over capacity` : line;
}
