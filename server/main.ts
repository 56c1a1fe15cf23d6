/**
 * The composition root for `serve`: the one place that wires capture and the phantom (through sources.ts),
 * inference, the pipeline and the transport together.
 */
import { pino, type Logger } from 'pino';
import type { ServeConfig } from './config/serve.js';
import { Engine } from './inference/engine.js';
import { parseSource } from './capture/source-spec.js';
import { CropTracker } from './capture/crop-tracker.js';
import { cropScale } from './capture/crop-scale.js';
import { type OpenOptions, openSource } from './sources.js';
import { PhantomSource } from './phantom/live-source.js';
import { Phantom } from './phantom/phantom.js';
import { practiceModel } from './phantom/practice.js';
import { Supervisor } from './pipeline/supervisor.js';
import { Stream } from './pipeline/stream.js';
import { Batcher } from './pipeline/batcher.js';
import { BatchGate } from './pipeline/batch-gate.js';
import { Transport, type Hub } from './transport/server.js';
import { Metrics } from './transport/metrics.js';
import { PROTOCOL_VERSION, PROTOCOLS, type ClientMessage, type HealthMessage, type ServerMessage, type StreamInfo } from './protocol.js';
import { VIEW_NAMES, type ViewId } from './views.js';
import { StreamTeacher } from './teach/stream-teacher.js';
import { TeachHub } from './teach/teach-hub.js';
import { WorkerHeadFitter } from './teach/head-fitter.js';
import { engineEmbedder, modelIdentity } from './embedder.js';
import { TunedNetworks } from './tuned-engine.js';
import type { FrameSource, GreyFrame, GreyImage } from './frames.js';
import type { Classifier } from './pipeline/classifier.js';
import { decoderNice } from './pipeline/decoder-priority.js';
import { CaptureSession } from './pipeline/capture-session.js';
import { captureAction } from './export/capture-actions.js';
import { imageHeader } from './capture/image-header.js';

export interface Composed {
  url: string;
  port: number;
  streams: Stream[];
  supervisors: Supervisor[];
  engine: Engine;
  /** The network a stream's frames run through: its fine-tuned one, or `engine`. */
  networkOf(stream: Stream): Classifier;
  close(): Promise<void>;
}

/** Preview images are the analysis frames themselves, scaled down only when larger than this (grey, binary WebSocket messages). */
const PREVIEW = { width: 320, height: 240 };
/** Auto-capture thumbnails, px (the analysis frame's 4:3). */
const THUMB = { width: 80, height: 60 };

/** The frame to send as a preview: as it is when small enough, else scaled into `buf` (PREVIEW size). */
function previewOf(f: GreyFrame, buf: Uint8Array): GreyImage {
  if (f.width <= PREVIEW.width && f.height <= PREVIEW.height) return f;
  return { data: cropScale(f, { x: 0, y: 0, w: f.width, h: f.height }, PREVIEW.width, PREVIEW.height, buf), ...PREVIEW };
}

/** How `serve` opens its i-th source (live pacing, the supervisor's first-frame timeout). */
export function openOptions(cfg: ServeConfig, i: number): OpenOptions {
  return { ...cfg.capture, timeoutS: cfg.supervisor.firstFrameTimeoutS, realtime: true, seed: cfg.phantom.seed + i, fps: cfg.phantom.fps, tourSeconds: cfg.phantom.tourSeconds };
}

export async function compose(cfg: ServeConfig, log: Logger = pino({ level: 'silent' })): Promise<Composed> {
  const specs = cfg.sources.map(parseSource);
  const engine = await Engine.load({ model: cfg.inference.model, device: cfg.inference.device, threads: cfg.inference.threads });
  const started = performance.now();
  const supervisors: Supervisor[] = [];
  const streams: Stream[] = [];
  let transport: Transport | null = null;
  const metrics = new Metrics(() => hub.health());
  const gate = new BatchGate({ target: cfg.inference.gatherFrames, maxWaitMs: cfg.inference.gatherMs });
  const teachers: StreamTeacher[] = [];
  // A stream fine-tuned on its taught frames (or given a fine-tuned profile) runs its own network.
  const tunedOf = (s: Stream) => teachers[streams.indexOf(s)].network?.classifier ?? null;
  const batcher = new Batcher(engine, () => streams, cfg.inference.maxBatch, (e) => log.error({ err: e.message }, 'inference failed'), gate, tunedOf);
  const fitter = new WorkerHeadFitter();
  const networks = new TunedNetworks(cfg.inference.model, engine, (fn) => batcher.whenIdle(fn), { steps: cfg.teach.fineTuneSteps }, cfg.inference.threads);
  const teach = new TeachHub(modelIdentity(engine, cfg.inference.model), engineEmbedder(engine), cfg.teach.profilesDir, fitter.fit, networks);
  const captures: CaptureSession[] = [];

  specs.forEach((spec, i) => {
    const id = `s${i + 1}`;
    const preview = cfg.transport.preview === 'on';
    const interactive = spec.kind === 'phantom' && spec.phantom === 'interactive';
    const seed = openOptions(cfg, i).seed;
    const info: StreamInfo = { id, source: spec.spec, kind: spec.kind, interactive, preview, ...(interactive ? { phantomSeed: seed } : {}) };
    const sup = new Supervisor(() => openSource(spec, openOptions(cfg, i)), cfg.supervisor);
    const tracker = new CropTracker(spec.options.crop, cfg.capture.redetectEvery);
    const previewBuf = new Uint8Array(PREVIEW.width * PREVIEW.height);
    const teacher = new StreamTeacher(engine.classes, engine.input, cfg.teach);
    teachers.push(teacher);
    const capture = new CaptureSession({
      stream: id, cfg: cfg.autoCapture, phantom: spec.kind === 'phantom', on: cfg.autoCapture[spec.kind === 'phantom' ? 'phantom' : 'real'] === 'on',
      fullRes: () => sup.current?.fullRes ?? null, jpegSize: imageHeader,
      thumb: (img) => ({ data: cropScale(img, { x: 0, y: 0, w: img.width, h: img.height }, THUMB.width, THUMB.height), ...THUMB }),
    });
    captures.push(capture);
    sup.on('frame', (f: GreyFrame) => capture.frame(f));
    const latency = metrics.latency.labels({ stream: id });
    const stream = new Stream({
      teacher,
      info, supervisor: sup, classes: engine.classes, ood: engine.card.ood, temporal: cfg.temporal,
      // A small canvas: the trainer model only asks about poses, it never renders.
      ...(interactive ? { trainer: practiceModel(new Phantom(seed, 16, 16)) } : {}),
      crop: (img, out) => tracker.crop(img, engine.input.width, engine.input.height, out),
      queueFrames: cfg.inference.queueFrames,
      // Fitted on the phantom's known poses: on real sources only once the card says it was checked on real images.
      showQuality: spec.kind === 'phantom' || engine.card.qualityOnReal,
      // The phantom is what the model was trained on: teaching is suggested for real sources only.
      suggestTeachAfterS: spec.kind === 'phantom' ? 0 : cfg.teach.suggestAfterS,
      onPending: () => batcher.notify(),
      publish: (m) => {
        latency.observe((m.publishTs - m.captureTs) / 1000);
        capture.state(m);
        // The message with its capture indicator is built only for clients to send it to.
        if (transport?.clientCount) transport.broadcastState({ ...m, capture: capture.indicator() });
      },
      preview: preview ? (f) => {
        const p = previewOf(f, previewBuf);
        transport?.sendPreview(id, i, p.width, p.height, p.data);
      } : undefined,
    });
    sup.on('status', (s) => log.info({ stream: id, source: spec.spec, status: s, error: sup.lastError ?? undefined }, `${id} ${spec.spec}: ${s}${s !== 'live' && sup.lastError ? ` (${sup.lastError})` : ''}`));
    supervisors.push(sup);
    streams.push(stream);
  });

  const byId = (id: string) => streams.find((s) => s.id === id);
  const sourceOf = (s: Stream) => supervisors[streams.indexOf(s)].current;
  const probeOf = (s: Stream): PhantomSource | null => {
    const src = sourceOf(s);
    return s.info.interactive && src instanceof PhantomSource ? src : null;
  };
  let sessions = 0;
  const hub: Hub = {
    hello: () => ({
      type: 'hello', version: PROTOCOL_VERSION, classes: engine.classes, viewNames: VIEW_NAMES,
      model: { name: engine.card.name, provider: engine.provider, classes: engine.classes.length, limits: engine.card.limits },
      streams: streams.map((s) => s.info), protocols: PROTOCOLS,
    }),
    health: (): HealthMessage => {
      const hs = streams.map((s, i) => ({ ...s.health(), capture: captures[i].capture.on }));
      return { type: 'health', uptimeS: Math.round((performance.now() - started) / 100) / 10, streams: hs, clients: transport?.clientCount ?? 0, overloaded: hs.some((h) => h.behind) };
    },
    handle: (m: ClientMessage): ServerMessage | null | Promise<ServerMessage> => {
      const s = byId(m.stream);
      if (!s) return { type: 'error', error: `unknown stream '${m.stream}' (${streams.map((x) => x.id).join(', ')})` };
      switch (m.type) {
        case 'teach':
          return teach.handle(m, teachers[streams.indexOf(s)]);
        case 'select':
          return null;
        case 'target':
          s.setTarget(m.view);
          return null;
        case 'protocol':
          if (m.action === 'start') {
            // A virtual probe starts a session from a random place in the parasternal window, not on a view.
            const src = probeOf(s);
            if (src) src.command({ type: 'start', window: 'parasternal', seed: ++sessions });
            s.startProtocol(m.protocol ?? 'focused');
            return null;
          }
          return { type: 'session', stream: s.id, summary: s.stopProtocol() ?? { protocol: m.protocol ?? 'focused', startedAt: 0, elapsed: 0, items: [], done: 0, total: 0, next: null, complete: false, score: 0 } };
        case 'probe': {
          const src = probeOf(s);
          if (!src) return { type: 'error', error: `stream ${s.id} has no virtual probe (use --source sim:interactive)` };
          if (m.view) src.command({ type: 'view', view: m.view as ViewId });
          if (m.move) src.command({ type: 'move', move: m.move });
          if (m.mode) src.command({ type: 'mode', mode: m.mode });
          if (m.cursor) src.command({ type: 'cursor', cursor: m.cursor });
          return null;
        }
        case 'help':
          s.help = m.on;
          return null;
        case 'capture':
          return captureAction(m, captures[streams.indexOf(s)], cfg.autoCapture);
      }
    },
    watchersChanged: (id, selected, preview) => {
      const s = byId(id);
      if (!s) return;
      s.selected = selected;
      s.previewWanted = preview && s.info.preview;
    },
    still: (id) => {
      const s = byId(id);
      if (!s) return { status: 404, error: `unknown stream '${id}'` };
      const src = sourceOf(s);
      if (!src?.fullRes) return { status: 409, error: `stream ${id} keeps no full-resolution frames (give its source #fullres)` };
      return src.fullRes.latest()?.jpeg ?? { status: 503, error: `stream ${id} has no full-resolution frame yet` };
    },
  };

  // Profiles given at start (a source's #profile= or --profile) load before any frame; a bad one stops serve.
  for (const [i, spec] of specs.entries()) {
    const path = spec.options.profile ?? cfg.teach.profile;
    if (path) log.info({ stream: streams[i].id, profile: path }, `${streams[i].id}: ${await teach.load(path, teachers[i])}`);
  }
  transport = new Transport(cfg.transport, hub, () => metrics.text());
  const addr = await transport.listen();
  log.info({ provider: engine.provider, why: engine.why, model: engine.card.name }, `inference: ${engine.provider} (${engine.why})`);
  let overloaded = false, refused = false;
  const niceOf = new WeakMap<FrameSource, number>();
  /** Over capacity the unselected streams' decoders step back (pipeline/decoder-priority.ts). */
  const prioritise = (h: HealthMessage) => streams.forEach((s, i) => {
    const src = supervisors[i].current;
    const want = decoderNice(cfg.capture.nice, h.overloaded, s.selected);
    if (!src?.setNice || (niceOf.get(src) ?? cfg.capture.nice) === want) return;
    niceOf.set(src, want); // tried once per source and niceness, whether or not the OS agrees
    if (!src.setNice(want) && !refused) {
      refused = true;
      log.warn(`${s.id}: the OS refused its decoder niceness ${want} (lowering one needs root or CAP_SYS_NICE); decoders keep sharing the CPU as they are`);
    }
  });
  const healthTimer = setInterval(() => {
    const h = hub.health();
    transport?.broadcast(h);
    prioritise(h);
    if (h.overloaded !== overloaded) {
      overloaded = h.overloaded;
      const behind = h.streams.filter((s) => s.behind).map((s) => `${s.id} ${s.lossPercent}%`);
      if (overloaded) log.warn({ behind }, `over capacity: frames lost on ${behind.join(', ')} (selected streams are decoded and analysed first)`);
      else log.info('back within capacity');
    }
  }, 1000);
  for (const s of supervisors) s.start();
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`, port: addr.port, streams, supervisors, engine, networkOf: (s) => tunedOf(s) ?? engine,
    async close() {
      clearInterval(healthTimer);
      await Promise.all(supervisors.map((s) => s.close()));
      await transport?.close();
      await fitter.close();
      await networks.close();
      await engine.close();
    },
  };
}
