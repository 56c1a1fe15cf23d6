/**
 * The frame contract between sources (capture's ffmpeg and DICOM readers, the phantom) and the pipeline,
 * with the pixel helpers every source needs. A shared leaf module: it imports nothing from the stages.
 */
import type { Cursor, PoseData, SkinState } from './pose.js';

/** A grey image, row-major. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** What a source is, as the pipeline and health reports need to know it. */
export interface SourceInfo {
  /** The spec as given. */
  spec: string;
  kind: string;
}

export interface GreyFrame {
  /** Grey pixels, row-major. Valid only during the callback: sources reuse their buffers. */
  data: Uint8Array;
  width: number;
  height: number;
  /** Frame number from the start of this run. */
  index: number;
  /** Position in the source, s (index / frame rate). */
  mediaTime: number;
  /** When the frame was complete here, ms (performance.now()). */
  captureTime: number;
  /** The true label, where the source knows it (the phantom). */
  truth?: string | null;
  /** Where the virtual probe is (phantom sources with one). */
  probe?: ProbeTelemetry;
}

/** The virtual probe's state on one frame (server/pose.ts types; plain data). */
export interface ProbeTelemetry {
  skin: SkinState;
  /** The held pose, without the hand's jitter. */
  pose: PoseData;
  mode: '2d' | 'pw' | 'cw' | 'mmode';
  /** The mode's cursor. */
  cursor: Cursor;
  /** Moves applied since the source started. */
  moves: number;
  /** Jumps to a view's ideal pose (the view list) since the source started. */
  jumps: number;
  /** Random session starts since the source started (a session's first leg begins after its start). */
  starts: number;
}

export interface FrameSourceEvents {
  frame: (f: GreyFrame) => void;
  /** The source finished normally (end of file). */
  end: () => void;
  /** A one-line reason the source failed (UserError). */
  error: (e: Error) => void;
}

/** Recent frames at the source's own resolution as JPEG, where a source keeps them (capture.fullRes). */
export interface FullResFrames {
  latest(): { jpeg: Uint8Array; time: number } | null;
  /** Frames that arrived at or after `time` (ms, performance.now()), oldest first. */
  since(time: number): Array<{ jpeg: Uint8Array; time: number }>;
}

export interface FrameSource {
  readonly spec: SourceInfo;
  /** Frames per second once known (from the source or its options). */
  readonly fps: number | null;
  /** The OS process id behind the source, where there is one (ffmpeg). */
  readonly pid: number | undefined;
  on<E extends keyof FrameSourceEvents>(event: E, fn: FrameSourceEvents[E]): this;
  off<E extends keyof FrameSourceEvents>(event: E, fn: FrameSourceEvents[E]): this;
  start(): void;
  /** Stop: SIGTERM, then SIGKILL after a grace period. Resolves when it has exited. */
  stop(): Promise<void>;
  /** The last lines of the source's diagnostics (ffmpeg stderr). */
  stderrTail(): string[];
  /** Full-resolution frames, when this source was asked to keep them. */
  readonly fullRes?: FullResFrames | null;
  /** Change the niceness of the process behind the source (ffmpeg); false where the OS refused. */
  setNice?(nice: number): boolean;
}

/** Run a source to its end, handing each frame to `onFrame`; rejects with the source's error. */
export function drain(source: FrameSource, onFrame: (f: GreyFrame) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    source.on('frame', onFrame);
    source.on('end', resolve);
    source.on('error', reject);
    source.start();
  });
}

/** RGB24 to grey with full-range BT.601 luma weights (as ffmpeg's gray output), so phantom frames match decoded ones. */
export function rgbToGrey(rgb: Uint8Array, width: number, height: number, out: Uint8Array = new Uint8Array(width * height)): GreyImage {
  for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = (rgb[j] * 77 + rgb[j + 1] * 150 + rgb[j + 2] * 29 + 128) >> 8;
  return { data: out, width, height };
}
