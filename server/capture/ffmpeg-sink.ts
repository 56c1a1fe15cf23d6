/**
 * A thin adapter around an ffmpeg process that encodes raw frames written to its stdin.
 * Backpressure: `write` resolves when the pipe has room again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ffmpegPath } from './ffmpeg-path.js';
import { UserError } from '../errors.js';
import { StderrTail } from './stderr-tail.js';

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

  async write(frame: Uint8Array): Promise<void> {
    if (this.failed) throw this.error();
    if (!this.proc.stdin!.write(frame)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.proc.stdin!.off('drain', done);
          this.proc.off('close', done);
          resolve();
        };
        this.proc.stdin!.on('drain', done);
        this.proc.on('close', done);
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

  /** Stop at once (for streams ended by the user). */
  kill(): void {
    this.proc.kill('SIGTERM');
  }

  private error(): UserError {
    const why = this.stderr.lastLine() || this.failed?.message || 'ffmpeg exited';
    return new UserError(`${this.label}: ${why}`);
  }
}
