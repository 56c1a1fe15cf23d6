/**
 * Opening a source spec as a FrameSource: the one place that knows which stage implements which kind
 * (ffmpeg for files, devices and networks; dcmjs for DICOM; the phantom for sim:). Used by the composition
 * root and the offline commands; the pipeline only sees FrameSource.
 */
import { parseSource, type SourceSpec } from './capture/source-spec.js';
import { FfmpegSource } from './capture/ffmpeg-source.js';
import { MemorySource } from './capture/memory-source.js';
import { openDicomCine } from './capture/dicom.js';
import { PhantomSource } from './phantom/live-source.js';
import type { FrameSource } from './frames.js';
import type { DecodeOptions } from './capture/ffmpeg-args.js';
import type { InputLimits } from './config/limits.js';
import type { CaptureConfig } from './config/capture.js';
import { UserError } from './errors.js';
import { LOOKS, type Look } from './phantom/look.js';

export interface OpenOptions {
  /** Analysis frame size, px. */
  width: number;
  height: number;
  /** Niceness of ffmpeg decoders (capture.nice). */
  nice: number;
  /** Full-resolution frames for sources with #fullres (capture.fullRes). */
  fullRes: CaptureConfig['fullRes'];
  /** Default pacing for files when the spec does not say native or fast. */
  realtime: boolean;
  /** I/O and first-frame timeout, s. */
  timeoutS: number;
  /** File size, image size and frame limits, checked before decoding (capture.limits). */
  limits: InputLimits;
  /** Phantom settings; `seconds` ends a phantom source (offline classification). */
  seed: number;
  seconds?: number;
  fps: number;
  tourSeconds: number;
}

/** Options only some kinds take, checked against that kind: a look names one of the phantom's. Returns the spec. */
export function checkSource(spec: SourceSpec): SourceSpec {
  const look = spec.options.look;
  if (look !== undefined && spec.kind !== 'phantom') throw new UserError(`${spec.spec}: look= is for phantom sources (sim:...)`);
  if (look !== undefined && !(LOOKS as readonly string[]).includes(look)) throw new UserError(`${spec.spec}: unknown look '${look}' (${LOOKS.join(', ')})`);
  return spec;
}

/** What ffmpeg is asked for a spec: the bench spawns bare decoders with exactly these. */
export function decodeOptions(spec: SourceSpec, o: OpenOptions): DecodeOptions {
  return { width: o.width, height: o.height, realtime: spec.options.native ?? o.realtime, timeoutS: o.timeoutS,
    ...(spec.options.fullres ? { fullResQuality: o.fullRes.quality } : {}) };
}

export function openSource(specText: string | SourceSpec, o: OpenOptions): FrameSource {
  const spec = checkSource(typeof specText === 'string' ? parseSource(specText) : specText);
  const realtime = spec.options.native ?? o.realtime;
  if (spec.kind === 'phantom') {
    return new PhantomSource(spec, {
      plan: spec.phantom!, seed: o.seed, fps: spec.options.fps ?? o.fps, width: o.width, height: o.height,
      tourSeconds: o.tourSeconds, realtime, seconds: spec.options.seconds ?? o.seconds, look: (spec.options.look ?? 'standard') as Look,
    });
  }
  if (spec.kind === 'dicom') {
    return new MemorySource(spec, () => openDicomCine(spec.spec, spec.location, o.limits), o, realtime, spec.options.loop ?? false);
  }
  const keep = spec.options.fullres ? { maxBytes: o.fullRes.maxMiB * 2 ** 20, maxMs: o.fullRes.seconds * 1000 } : undefined;
  return new FfmpegSource(spec, { ...decodeOptions(spec, o), nice: o.nice, keep }, o.limits);
}
