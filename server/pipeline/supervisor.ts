/**
 * Supervision of one source: connecting -> live -> stale -> restarting -> (live again) | failed | ended.
 * A new source has `firstFrameTimeoutS` to deliver its first frame (network streams join between keyframes,
 * cameras and the phantom's worker take time to start, more so on a busy machine); once live, it is stale
 * after `staleAfterS` with no frames. A stale or failed source is stopped (SIGTERM, then SIGKILL) and
 * restarted with exponential backoff, jitter and a cap. A source that never delivers a frame for
 * `maxFailures` attempts in a row is failed. Timers are the only I/O; the source comes from a factory.
 */
import { EventEmitter } from 'node:events';
import type { FrameSource } from '../frames.js';
import type { SourceStatus } from '../protocol.js';

export interface SupervisorConfig {
  /** No frame for this long makes a live source stale, s. */
  staleAfterS: number;
  /** A starting source that delivers no frame for this long is restarted, s. */
  firstFrameTimeoutS: number;
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
  private frameTimer: NodeJS.Timeout | null = null;
  /** The frame timer is the live source's stale timer (a frame only restarts it). */
  private staleArmed = false;
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
      // The stale timer restarts from this frame: reset in place, not a new timer every frame.
      if (this.staleArmed) this.frameTimer!.refresh();
      else this.arm(this.cfg.staleAfterS, 'stale', `no frames for ${this.cfg.staleAfterS} s`);
      this.emit('frame', f);
    });
    s.on('end', () => {
      if (this.source !== s) return;
      this.clearFrameTimer();
      this.setStatus('ended');
    });
    s.on('error', (e) => {
      if (this.source !== s) return;
      this.lastError = e.message;
      void this.restart();
    });
    this.arm(this.cfg.firstFrameTimeoutS, 'connecting', `no first frame within ${this.cfg.firstFrameTimeoutS} s`);
    s.start();
  }

  /** Delay before the next attempt: base * 2^(failures), capped, with jitter. */
  backoffS(): number {
    const d = Math.min(this.cfg.backoffCapS, this.cfg.backoffBaseS * 2 ** Math.max(0, this.failures - 1));
    return d * (1 + this.cfg.jitter * (2 * this.random() - 1));
  }

  private async restart(): Promise<void> {
    if (this.closed || this.status === 'restarting') return;
    this.clearFrameTimer();
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

  /** After `seconds` without a frame: set `status`, record why and restart. */
  private arm(seconds: number, status: SourceStatus, why: string): void {
    this.clearFrameTimer();
    this.staleArmed = status === 'stale';
    this.frameTimer = setTimeout(() => {
      if (this.closed) return;
      this.setStatus(status);
      this.lastError = why;
      void this.restart();
    }, seconds * 1000);
  }

  private clearFrameTimer(): void {
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
    this.staleArmed = false;
  }

  private setStatus(s: SourceStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', s);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearFrameTimer();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.source?.stop();
    this.source = null;
  }
}
