/**
 * `echolive simulate`: phantom clips to a file, MPEG-TS over udp/tcp in real time, or raw RGB24 on stdout,
 * with a per-frame truth file for tours.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { z } from 'zod';
import { Phantom } from '../phantom/phantom.js';
import { tourScript, tourSegments, viewScript, type ProbeScript } from '../phantom/tour.js';
import { encodeArgs, isStreamUrl } from '../capture/encode-args.js';
import { FfmpegSink } from '../capture/ffmpeg-sink.js';
import { fpsSchema, seedSchema, sizeSchema, viewSchema } from '../config/common.js';
import { validate } from '../config/validate.js';
import type { Pose } from '../phantom/probe.js';
import { LOOKS } from '../phantom/look.js';

const FILE_EXT = /\.(mp4|mkv|avi|mov|ts)$/i;

export const simulateSchema = z
  .object({
    view: viewSchema.optional(),
    tour: z.boolean().optional(),
    seconds: z.coerce.number().positive('must be > 0').max(3600, 'must be at most 3600').optional(),
    out: z.string({ error: 'is required (a .mp4/.mkv/.avi/.mov/.ts file, udp://, tcp:// or -)' }).refine(
      (o) => o === '-' || isStreamUrl(o) || FILE_EXT.test(o),
      'must be a .mp4, .mkv, .avi, .mov or .ts file, a udp:// or tcp:// URL, or - for raw frames on stdout',
    ),
    seed: seedSchema.default(1),
    fps: fpsSchema.default(30),
    size: sizeSchema.default({ width: 800, height: 600 }),
    /** The phantom's machine look (phantom/look.ts). */
    look: z.enum(LOOKS, { error: () => `must be one of ${LOOKS.join(', ')}` }).default('standard'),
  })
  .refine((o) => (o.view ? 1 : 0) + (o.tour ? 1 : 0) === 1, { message: 'give exactly one of --view <id> or --tour', path: ['view'] })
  .refine((o) => o.seconds !== undefined || o.out === '-' || isStreamUrl(o.out), { message: 'is required when writing a file', path: ['seconds'] });

/** A tour that streams forever loops over this period, s. */
const LIVE_TOUR_SECONDS = 90;

const round = (v: readonly number[]) => v.map((x) => Math.round(x * 1000) / 1000);
const poseJson = (p: Pose) => ({ pos: round(p.pos), dir: round(p.dir), lat: round(p.lat) });

export async function simulate(raw: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  const o = validate('simulate', simulateSchema, raw);
  if (o.out !== '-' && !isStreamUrl(o.out) && !existsSync(dirname(resolve(o.out)))) {
    throw new UserError(`simulate: --out: directory ${dirname(resolve(o.out))} does not exist`);
  }
  const { width, height } = o.size;
  const ph = new Phantom(o.seed, width, height, o.look);
  const period = o.seconds ?? LIVE_TOUR_SECONDS;
  const script: ProbeScript = o.tour ? tourScript(ph, period) : viewScript(ph, o.view!);
  const total = o.seconds !== undefined ? Math.round(o.seconds * o.fps) : Infinity;
  const live = o.out === '-' || isStreamUrl(o.out);
  const sink = o.out === '-' ? null : new FfmpegSink(encodeArgs({ width, height, fps: o.fps, out: o.out }), o.out);
  const truth: Array<{ frame: number; time: number; label: string | null; pose: ReturnType<typeof poseJson> }> = [];
  const t0 = performance.now();
  let stopped = false;
  signal?.addEventListener('abort', () => (stopped = true));
  try {
    for (let i = 0; i < total && !stopped; i++) {
      const time = i / o.fps;
      const state = script(time % period);
      const f = ph.frame(state, time);
      if (o.tour) truth.push({ frame: i, time: Math.round(time * 1e4) / 1e4, label: f.label, pose: poseJson(state.pose) });
      if (sink) {
        // A tcp:// stream serves one client: when it leaves, the stream is over (not an error).
        if (sink.ended && o.out.startsWith('tcp://')) break;
        await sink.write(f.rgb).catch((e) => {
          if (!(sink.ended && o.out.startsWith('tcp://'))) throw e;
        });
      }
      else if (!process.stdout.write(f.rgb)) await new Promise((r) => process.stdout.once('drain', r));
      if (live) {
        const wait = t0 + ((i + 1) * 1000) / o.fps - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
  } finally {
    if (sink && stopped) await sink.kill();
  }
  if (sink && !stopped) await sink.close();
  if (o.tour && !live) {
    const { segments, transition } = tourSegments(period);
    writeFileSync(`${o.out}.truth.json`, JSON.stringify({ seed: o.seed, fps: o.fps, width, height, seconds: o.seconds, transition, segments, frames: truth }));
  }
}
