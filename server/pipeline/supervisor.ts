/**
 * Supervision of one source: connecting -> live -> stale -> restarting -> (live again) | failed | ended.
 * Stale after `staleAfterS` with no frames; a stale or failed source is stopped (SIGTERM, then SIGKILL) and
 * restarted with exponential backoff, jitter and a cap. A source that never delivers a frame for
 * `maxFailures` attempts in a row is failed. Timers are the only I/O; the source comes from a factory.
 */
import { EventEmitter } from 'node:events';
import type { FrameSource } from '../frames.js';
import type { SourceStatus } from '../protocol.js';

export interface SupervisorConfig {
  /** No frame for this long makes a live source stale, s. */
  staleAfterS: number;
  /** First restart delay and the cap, s. */
  backoffBaseS: number;
  backoffCapS: number;
  /** Random spread of each delay, 0-1 (0.2 = ±20%). */
  jitter: number;
  /** Consecutive attempts without a frame before giving up. */
  maxFailures: number;
}

export class Supervisor extends EventEmitter {
  status: SourceStatus = 'connecting';
  restarts = 0;
  lastError: string | null = null;
  private source: FrameSource | null = null;
  private failures = 0;
  private gotFrame = false;
  private staleTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly make: () => FrameSource, private readonly cfg: SupervisorConfig, private readonly random = Math.random) {
    super();
  }

  /** The current source (for the PID in tests and for interactive phantom control). */
  get current(): FrameSource | null {
    return this.source;
  }

  stderrTail(): string[] {
    return this.source?.stderrTail() ?? [];
  }

  start(): void {
    this.setStatus('connecting');
    const s = this.make();
    this.source = s;
    this.gotFrame = false;
    s.on('frame', (f) => {
      if (this.source !== s) return;
      if (!this.gotFrame) {
        this.gotFrame = true;
        this.failures = 0;
      }
      if (this.status !== 'live') this.setStatus('live');
      this.armStale();
      this.emit('frame', f);
    });
    s.on('end', () => {
      if (this.source !== s) return;
      this.clearStale();
      this.setStatus('ended');
    });
    s.on('error', (e) => {
      if (this.source !== s) return;
      this.lastError = e.message;
      void this.restart();
    });
    this.armStale();
    s.start();
  }

  /** Delay before the next attempt: base * 2^(failures), capped, with jitter. */
  backoffS(): number {
    const d = Math.min(this.cfg.backoffCapS, this.cfg.backoffBaseS * 2 ** Math.max(0, this.failures - 1));
    return d * (1 + this.cfg.jitter * (2 * this.random() - 1));
  }

  private async restart(): Promise<void> {
    if (this.closed || this.status === 'restarting') return;
    this.clearStale();
    if (!this.gotFrame) this.failures++;
    else this.failures = 1;
    const old = this.source;
    this.source = null;
    if (this.failures >= this.cfg.maxFailures) {
      this.setStatus('failed');
      await old?.stop();
      return;
    }
    this.setStatus('restarting');
    this.restarts++;
    await old?.stop();
    if (this.closed) return;
    this.restartTimer = setTimeout(() => !this.closed && this.start(), this.backoffS() * 1000);
  }

  private armStale(): void {
    this.clearStale();
    this.staleTimer = setTimeout(() => {
      if (this.closed) return;
      this.setStatus('stale');
      this.lastError = `no frames for ${this.cfg.staleAfterS} s`;
      void this.restart();
    }, this.cfg.staleAfterS * 1000);
  }

  private clearStale(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
  }

  private setStatus(s: SourceStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', s);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearStale();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.source?.stop();
    this.source = null;
  }
}
