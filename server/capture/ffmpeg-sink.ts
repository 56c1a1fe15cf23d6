/**
 * A thin adapter around an ffmpeg process that encodes raw frames written to its stdin.
 * Backpressure: `write` resolves when the pipe has room again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ffmpegPath } from './ffmpeg-path.js';
import { UserError } from '../errors.js';
import { StderrTail } from './stderr-tail.js';
import { ffmpegReason } from './ffmpeg-errors.js';

export class FfmpegSink {
  private readonly proc: ChildProcess;
  private readonly stderr = new StderrTail();
  private readonly exited: Promise<number | null>;
  private failed: Error | null = null;

  /** @param args ffmpeg arguments (from encodeArgs); @param label names the output in errors */
  constructor(args: string[], private readonly label: string) {
    this.proc = spawn(ffmpegPath(), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.proc.stderr!.on('data', (b: Buffer) => this.stderr.push(b));
    this.proc.stdin!.on('error', (e) => (this.failed ??= e));
    this.exited = new Promise((resolve) => {
      this.proc.on('error', (e) => {
        this.failed ??= e;
        resolve(null);
      });
      this.proc.on('close', (code) => resolve(code));
    });
  }

  /** Whether ffmpeg has exited (for a tcp:// stream: its one client went away). */
  get ended(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  async write(frame: Uint8Array): Promise<void> {
    if (this.failed || this.ended) throw this.error();
    if (!this.proc.stdin!.write(frame)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.proc.stdin!.off('drain', done);
          this.proc.off('close', done);
          resolve();
        };
        this.proc.stdin!.on('drain', done);
        this.proc.on('close', done);
        if (this.ended) done();
      });
    }
    if (this.failed || this.proc.exitCode !== null) throw this.error();
  }

  /** Close stdin and wait for ffmpeg to finish; throws a one-line error if it failed. */
  async close(): Promise<void> {
    this.proc.stdin!.end();
    const code = await this.exited;
    if (code !== 0) throw this.error();
  }

  /** Stop now (a stream ended by the user): close its input, SIGTERM, SIGKILL if it lingers; resolves on exit. */
  async kill(graceMs = 1000): Promise<void> {
    this.proc.stdin!.destroy();
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }

  private error(): UserError {
    const lines = this.stderr.tail();
    const why = lines.length ? ffmpegReason(lines) : this.failed?.message ?? 'ffmpeg exited';
    return new UserError(`${this.label}: ${why}`);
  }
}
