/** Prometheus metrics (prom-client): frames, drops, restarts per stream and the capture-to-publish latency histogram. */
import { Counter, Histogram, Registry } from 'prom-client';
import type { HealthMessage } from '../protocol.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly seen = new Map<string, number>();
  readonly latency: Histogram<'stream'>;

  constructor(health: () => HealthMessage) {
    const mirror = (name: string, help: string, field: 'framesIn' | 'processed' | 'dropped' | 'restarts') => {
      const seen = this.seen;
      new Counter({
        name, help, labelNames: ['stream'], registers: [this.registry],
        collect() {
          // Counters follow the streams' own totals: add what grew since the last scrape.
          for (const s of health().streams) {
            const key = `${name}/${s.id}`;
            const delta = s[field] - (seen.get(key) ?? 0);
            if (delta > 0) this.inc({ stream: s.id }, delta);
            seen.set(key, s[field]);
          }
        },
      });
    };
    mirror('echolive_frames_in_total', 'Frames received from the source', 'framesIn');
    mirror('echolive_frames_processed_total', 'Frames classified and published', 'processed');
    mirror('echolive_frames_dropped_total', 'Frames dropped because a newer one arrived first', 'dropped');
    mirror('echolive_source_restarts_total', 'Source restarts', 'restarts');
    this.latency = new Histogram({
      name: 'echolive_capture_to_publish_seconds', help: 'Time from a complete captured frame to its published state',
      labelNames: ['stream'], buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1], registers: [this.registry],
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
