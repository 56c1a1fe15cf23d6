/**
 * A capture source read through ffmpeg: spawns it with argument arrays from ffmpeg-args.ts, reads raw grey
 * frames of an exact size from stdout, and reports a one-line reason when it fails. It does not restart
 * itself: supervision is the pipeline's job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { ffmpegPath } from './ffmpeg-path.js';
import { type DecodeOptions, decodeArgs, parseInputFps } from './ffmpeg-args.js';
import { ffmpegReason } from './ffmpeg-errors.js';
import { StderrTail } from './stderr-tail.js';
import type { FrameSource, GreyFrame } from '../frames.js';
import type { SourceSpec } from './source-spec.js';
import { UserError } from '../errors.js';
import type { InputLimits } from '../config/limits.js';
import { checkMediaFile } from './media-file.js';
import { renice } from './priority.js';
import { FullResRing } from './full-res.js';
import { JpegStreamSplitter } from './jpeg-stream.js';
import { socketPipe } from './socket-pipe.js';
import type { Readable } from 'node:stream';

export interface FfmpegSourceOptions extends DecodeOptions {
  /** Niceness of the ffmpeg process, 0-19 (capture.nice). */
  nice: number;
  /** With fullResQuality: how much of the full-resolution output to keep (bytes, ms). */
  keep?: { maxBytes: number; maxMs: number };
}

export class FfmpegSource extends EventEmitter implements FrameSource {
  fps: number | null;
  /** The decoder's niceness now (capture.nice, changed over capacity by setNice). */
  private nice: number;
  /** The last seconds at the source's own resolution, when asked for (fullResQuality and keep). */
  readonly fullRes: FullResRing | null;
  private proc: ChildProcess | null = null;
  private readonly tail = new StderrTail(30);
  private readonly frameBytes: number;
  private buf: Uint8Array;
  private fill = 0;
  private index = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();
  /** Bumped by start and stop, so a file check finishing after stop (or a later start) spawns nothing. */
  private run = 0;

  /**
   * @param spec the parsed source
   * @param o output size, pacing and timeouts (the first frame must arrive within o.timeoutS)
   * @param limits input limits for files, checked before ffmpeg starts
   */
  constructor(readonly spec: SourceSpec, private readonly o: FfmpegSourceOptions, private readonly limits: InputLimits) {
    super();
    this.frameBytes = o.width * o.height;
    this.buf = new Uint8Array(this.frameBytes);
    this.fps = spec.options.fps ?? null;
    this.nice = o.nice;
    this.fullRes = o.fullResQuality !== undefined && o.keep ? new FullResRing(o.keep.maxBytes, o.keep.maxMs) : null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  stderrTail(): string[] {
    return this.tail.tail();
  }

  start(): void {
    const run = ++this.run;
    if (this.spec.kind !== 'video' && this.spec.kind !== 'still') return void this.spawn(run);
    checkMediaFile(this.spec, this.limits).then(
      () => void (run === this.run && this.spawn(run)),
      (e) => run === this.run && this.emit('error', e),
    );
  }

  private async spawn(run: number): Promise<void> {
    const { spec } = this;
    // Frames arrive through a socket read straight into the frame buffer, each read at most to the frame's end
    // (socket-pipe.ts: no buffer allocated a read, no copy).
    let out: Awaited<ReturnType<typeof socketPipe>>;
    try {
      out = await socketPipe({ buffer: () => this.buf.subarray(this.fill), callback: (n) => {
        if (run === this.run) this.onRead(n);
        return true;
      } });
    } catch (e) {
      if (run === this.run) this.emit('error', new UserError(`${spec.spec}: cannot open a local socket for ffmpeg's frames (${(e as Error).message})`));
      return;
    }
    const { child, read } = out;
    if (run !== this.run) return void (child.destroy(), read.destroy());
    this.stopping = false;
    this.fill = 0;
    this.index = 0;
    // A broken connection ends the frames like a closed one; ffmpeg's exit says why.
    read.on('error', () => read.destroy());
    const readClosed = new Promise<void>((resolve) => read.once('close', () => resolve()));
    const ring = this.fullRes;
    let proc: ChildProcess;
    try {
      proc = spawn(ffmpegPath(), decodeArgs(spec, this.o), { stdio: ['ignore', child, 'pipe', ring ? 'pipe' : 'ignore'] });
    } finally {
      // ffmpeg holds its own copy: the frames end when it exits.
      child.destroy();
    }
    this.proc = proc;
    // Set before ffmpeg starts its decoding threads, which inherit it.
    if (proc.pid !== undefined && this.nice) renice(proc.pid, this.nice);
    this.armWatchdog();
    proc.stderr!.on('data', (b: Buffer) => {
      this.tail.push(b);
      if (this.fps === null) for (const l of b.toString().split('\n')) this.fps ??= parseInputFps(l);
    });
    if (ring) {
      const splitter = new JpegStreamSplitter((jpeg) => ring.push(jpeg, performance.now()), this.o.keep!.maxBytes);
      (proc.stdio[3] as Readable).on('data', (chunk: Buffer) => splitter.push(chunk));
    }
    this.exited = new Promise((resolve) => {
      proc.on('error', (e) => {
        read.destroy();
        this.clearWatchdog();
        this.emit('error', new UserError(`${spec.spec}: cannot start ffmpeg (${e.message})`));
        resolve();
      });
      // Judged once ffmpeg has exited and its last frames have been read.
      proc.on('close', (code, signal) => void readClosed.then(() => {
        this.clearWatchdog();
        this.proc = null;
        resolve();
        if (this.stopping) return;
        if (code === 0 && this.index > 0) this.emit('end');
        else if (code === 0) this.emit('error', new UserError(`${spec.spec}: no frames decoded`));
        else this.emit('error', new UserError(`${spec.spec}: ${signal ? `ffmpeg killed by ${signal}` : ffmpegReason(this.tail.tail())}`));
      }));
    });
  }

  /** `n` more bytes of the current frame were read into its buffer. */
  private onRead(n: number): void {
    this.fill += n;
    if (this.fill < this.frameBytes) return;
    this.fill = 0;
    // Restart the watchdog's count from this frame (in place: not a new timer every frame).
    if (this.watchdog) this.watchdog.refresh();
    else this.armWatchdog();
    const f: GreyFrame = {
      data: this.buf, width: this.o.width, height: this.o.height, index: this.index,
      mediaTime: this.index / (this.fps ?? 30), captureTime: performance.now(),
    };
    this.index++;
    this.emit('frame', f);
  }

  /** Change the decoder's niceness now and for later runs; false where the OS refused (it stays as it was). */
  setNice(nice: number): boolean {
    const ok = this.proc?.pid === undefined || renice(this.proc.pid, nice);
    if (ok) this.nice = nice;
    return ok;
  }

  /** No frame for timeoutS: the source is silent or unreachable; kill ffmpeg and say so. */
  private armWatchdog(): void {
    this.clearWatchdog();
    this.watchdog = setTimeout(() => {
      if (!this.proc) return;
      const p = this.proc;
      this.stopping = true;
      p.kill('SIGKILL');
      this.emit('error', new UserError(`${this.spec.spec}: no frames for ${this.o.timeoutS} s (silent or unreachable source)`));
    }, this.o.timeoutS * 1000);
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  async stop(graceMs = 1000): Promise<void> {
    this.run++;
    this.clearWatchdog();
    const p = this.proc;
    if (!p) return;
    this.stopping = true;
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }
}
