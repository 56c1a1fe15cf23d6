/**
 * One live stream: supervised source -> crop -> a short queue (when it is full the oldest frame is dropped
 * and counted, so the latest always wins) -> batched inference (the Batcher) -> temporal -> guidance ->
 * protocol -> publish.
 */
import type { GreyFrame, GreyImage, ProbeTelemetry } from '../frames.js';
import type { Cursor, PoseData, PoseError, ProbeHold, SkinState } from '../pose.js';
import type { TemporalConfig } from '../config/temporal.js';
import type { HealthMessage, Hint, ProbeReport, ProtocolName, StateMessage, StreamInfo } from '../protocol.js';
import { isViewId, type ViewId } from '../views.js';
import { TemporalFilter } from './temporal.js';
import { guide } from './guidance.js';
import { guidePose } from './pose-guidance.js';
import { ProtocolTracker } from './protocol-tracker.js';
import type { Supervisor } from './supervisor.js';
import { judgeFrame, type OodRule } from './unfamiliar.js';
import type { StreamTeacher } from '../teach/stream-teacher.js';
import { TeachSuggestion } from './teach-suggestion.js';
import { LossWindow } from './loss-window.js';
import type { ModelOutputs } from './classifier.js';
import { QualityMeter } from './quality.js';
import { FramePool } from './frame-pool.js';

export interface PendingFrame {
  /** The model-input crop: the stream reuses this buffer once complete() returns, so whatever keeps it copies it. */
  crop: Uint8Array;
  captureTime: number;
  truth?: string | null;
  probe?: ProbeTelemetry;
}

/** The phantom's answers the trainer needs about a virtual probe (main.ts builds it from the stream's seed). */
export interface TrainerModel {
  /** A view's ideal probe state and pose (a mode's: its base view's). */
  ideal(view: ViewId): { skin: SkinState; pose: PoseData };
  /**
   * Where a probe hold stands against a view: pose error, the 2D pose on the (base) view, the mode's cursor
   * target and whether the cursor is on it, and reached (pose, mode and cursor all right).
   */
  standing(hold: ProbeHold, view: ViewId): { error: PoseError; poseReached: boolean; cursorTarget: Cursor | null; cursorPlaced: boolean; reached: boolean };
  /** The view the probe has reached (its label within reach, in the mode and with the cursor a mode view needs), or null. */
  reachedView(hold: ProbeHold): { view: ViewId; error: PoseError } | null;
  /** The fewest moves from a probe hold to a view. */
  optimum(from: ProbeHold, view: ViewId): number;
}

export interface StreamDeps {
  info: StreamInfo;
  supervisor: Supervisor;
  /** Crop a frame to the model input (uint8), into `out` when given, else into a new array. */
  crop: (img: GreyImage, out?: Uint8Array) => Uint8Array;
  classes: string[];
  /** The model card's out-of-distribution rule, or null (then states carry no `unfamiliar` field). */
  ood: OodRule | null;
  temporal: TemporalConfig;
  /** Publish the model's quality output for this stream (the source may show it; see the model card). */
  showQuality: boolean;
  /** Frames that may wait for inference; a new frame beyond it drops the oldest. */
  queueFrames: number;
  /** Called when a frame is waiting (the batcher picks it up). */
  onPending: () => void;
  publish: (m: StateMessage) => void;
  /** For phantom streams with a virtual probe: closed-loop guidance and scoring from the probe's pose. */
  trainer?: TrainerModel;
  /** Called with a frame for preview when a client wants one (at most every previewIntervalMs). */
  preview?: (f: GreyFrame) => void;
  previewIntervalMs?: number;
  /** Teaching on this stream: adapts its probabilities with a taught head and keeps taught frames. */
  teacher?: StreamTeacher;
  /** Seconds of image without a recognised view before the state suggests teaching (teach-suggestion.ts); 0 or absent never. */
  suggestTeachAfterS?: number;
}

/** Indices of the three largest probabilities, largest first (ties: the lower index first). */
export function top3(probs: ArrayLike<number>): number[] {
  const best = [-1, -1, -1];
  for (let i = 0; i < probs.length; i++) {
    let j = Math.min(3, i);
    while (j > 0 && probs[i] > probs[best[j - 1]]) j--;
    if (j >= 3) continue;
    for (let k = 2; k > j; k--) best[k] = best[k - 1];
    best[j] = i;
  }
  return best.filter((i) => i >= 0);
}

/** Keep this many latency samples for p50/p95. */
const LATENCY_WINDOW = 600;

export class Stream {
  readonly id: string;
  framesIn = 0;
  processed = 0;
  dropped = 0;
  target: ViewId | null = null;
  previewWanted = false;
  /** Some client has this stream selected: the batcher serves it first when the machine is over capacity. */
  selected = false;
  private readonly pending: PendingFrame[] = [];
  /** Crop buffers of frames classified or dropped, for the next frames. */
  private readonly pool: FramePool;
  private readonly filter: TemporalFilter;
  private tracker: ProtocolTracker<ProbeHold> | null = null;
  /** Help (hints and the ghost probe) is on in the trainer. */
  help = true;
  /** The virtual probe's last telemetry, and the random starts it had when a session was asked for. */
  private lastProbe: ProbeTelemetry | null = null;
  private sessionStarts: number | null = null;
  private seq = 0;
  /** The last view held stably, for guidance while no standard view is on screen. */
  private lastView: ViewId | null = null;
  private readonly latencies: number[] = [];
  private readonly recent = new LossWindow();
  private readonly meter = new QualityMeter();
  private readonly suggestion: TeachSuggestion;
  /** When the source last went live, ms (performance.now()). */
  private liveSince = 0;
  private lastPreview = 0;
  /** Epoch ms minus performance.now() ms, to stamp messages in wall-clock time. */
  private readonly epochOffset = Date.now() - performance.now();

  constructor(private readonly d: StreamDeps) {
    this.id = d.info.id;
    this.filter = new TemporalFilter(d.classes, d.temporal);
    this.suggestion = new TeachSuggestion(d.suggestTeachAfterS ?? 0);
    // Frames waiting, and as many again taken by a batch in flight.
    this.pool = new FramePool(2 * d.queueFrames + 1);
    d.supervisor.on('frame', (f: GreyFrame) => this.onFrame(f));
    d.supervisor.on('status', (s: string) => s === 'live' && (this.liveSince = performance.now()));
  }

  get info(): StreamInfo {
    return this.d.info;
  }

  private onFrame(f: GreyFrame): void {
    this.framesIn++;
    this.recent.arrive(f.captureTime);
    if (this.pending.length >= this.d.queueFrames) {
      this.pool.give(this.pending.shift()!.crop);
      this.dropped++;
      this.recent.drop(f.captureTime);
    }
    this.pending.push({ crop: this.d.crop(f, this.pool.take()), captureTime: f.captureTime, truth: f.truth, probe: f.probe });
    if (this.previewWanted && this.d.preview && f.captureTime - this.lastPreview >= (this.d.previewIntervalMs ?? 100)) {
      this.lastPreview = f.captureTime;
      this.d.preview(f);
    }
    this.d.onPending();
  }

  /** Hand up to `max` waiting frames, oldest first, to the batcher (and forget them). */
  take(max: number): PendingFrame[] {
    return this.pending.splice(0, max);
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** When the oldest waiting frame was captured, ms (performance.now()); Infinity when none waits. */
  get oldestCapture(): number {
    return this.pending.length ? this.pending[0].captureTime : Infinity;
  }

  /**
   * The model's outputs (logits, embedding and quality where the model has them) for a frame this stream gave
   * the batcher. Every frame updates the smoother, the checklist and the meters; only the newest of a stream's
   * frames in one batch (`latest`) is published, since the others are already stale when it is.
   */
  complete(p: PendingFrame, o: ModelOutputs, latest = true): void {
    const time = p.captureTime / 1000;
    const adapted = this.d.teacher?.adapt(o, p.crop) ?? o;
    const { probs } = adapted;
    const out = this.filter.update(time, probs, p.crop, judgeFrame(this.d.ood, adapted));
    this.d.teacher?.offer(p.crop, o.embedding, out.state !== 'no-image');
    const view = out.view && isViewId(out.view) ? out.view : null;
    if (view) this.lastView = view;
    else if (out.state === 'no-image') this.lastView = null;
    const tm = p.probe && this.d.trainer;
    if (p.probe) this.lastProbe = p.probe;
    // A virtual-probe session begins once the probe shows the session's random start.
    const begun = !tm || this.sessionStarts === null || p.probe!.starts > this.sessionStarts;
    if (begun) this.sessionStarts = null;
    const hold: ProbeHold | null = tm ? { skin: p.probe!.skin, mode: p.probe!.mode, cursor: p.probe!.cursor } : null;
    const got = hold ? this.d.trainer!.reachedView(hold) : null;
    if (begun) this.tracker?.update(time, view, out.candidate, out.confidence, tm ? {
      reached: got?.view ?? null, error: got?.error ?? null, moves: p.probe!.moves, help: this.help, jumps: p.probe!.jumps,
      state: hold!,
    } : undefined);
    const progress = this.tracker?.progress() ?? null;
    const target = this.tracker ? (progress!.next ?? this.target) : this.target;
    const practice = hold ? this.practice(p.probe!, hold, target) : null;
    const quality = this.d.showQuality && o.quality ? this.meter.update(time, view, o.quality, p.crop) : undefined;
    const suggestTeach = this.suggestion.update(time, { recognised: view !== null, image: out.state !== 'no-image', profiled: !!this.d.teacher?.profile });
    this.pool.give(p.crop);
    const now = performance.now();
    this.processed++;
    this.latencies.push(now - p.captureTime);
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
    if (!latest) return;
    const idx = top3(probs);
    this.d.publish({
      type: 'state', stream: this.id, seq: ++this.seq, view, candidate: out.candidate,
      confidence: Math.round(out.confidence * 1000) / 1000, temporal: out.state, ...(out.reason ? { reason: out.reason } : {}),
      ...(this.d.ood ? { unfamiliar: out.unfamiliar } : {}),
      ...(quality !== undefined ? { quality } : {}), ...(suggestTeach ? { suggestTeach } : {}),
      top3: idx.map((i) => ({ id: this.d.classes[i], p: Math.round(probs[i] * 1000) / 1000 })),
      target, hint: practice ? practice.hint : guide({ state: out.state, view, candidate: out.candidate, confidence: out.confidence, target, lastView: this.lastView, unfamiliar: out.unfamiliar }),
      protocol: progress, ...(p.truth !== undefined ? { truth: p.truth } : {}), ...this.d.teacher?.stateFields(), ...(practice ? { probe: practice.report } : {}),
      captureTs: Math.round(p.captureTime + this.epochOffset), publishTs: Math.round(now + this.epochOffset),
    });
  }

  /** The virtual probe's report and the trainer's closed-loop hint (null without a target). */
  private practice(probe: ProbeTelemetry, hold: ProbeHold, target: ViewId | null): { report: ProbeReport; hint: Hint | null } {
    const tm = this.d.trainer!;
    const base = { skin: probe.skin, pose: probe.pose, mode: probe.mode, cursor: probe.cursor, moves: probe.moves };
    if (!target) return { report: { ...base, cursorTarget: null, ideal: null, error: null, reached: false }, hint: null };
    const ideal = tm.ideal(target);
    const st = tm.standing(hold, target);
    const hint = guidePose({ target, hold, ideal: ideal.skin, standing: st });
    return { report: { ...base, cursorTarget: st.cursorTarget, ideal: ideal.pose, error: st.error, reached: st.reached }, hint };
  }

  setTarget(view: ViewId | null): void {
    this.target = view;
  }

  /**
   * Start (or restart) a protocol session. With a virtual probe the caller also asks the probe for a random
   * start; the checklist follows from the first frame that shows it.
   */
  startProtocol(name: ProtocolName): void {
    const tm = this.d.trainer;
    this.sessionStarts = tm && this.lastProbe ? this.lastProbe.starts : null;
    this.tracker = new ProtocolTracker(name, performance.now() / 1000, 1, tm ? (from, view) => tm.optimum(from, view) : undefined);
  }

  /** Stop the session and return its summary (null if none ran). */
  stopProtocol(): ReturnType<ProtocolTracker['progress']> | null {
    const s = this.tracker?.progress() ?? null;
    this.tracker = null;
    return s;
  }

  health(): HealthMessage['streams'][number] {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const q = (f: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] * 100) / 100 : 0);
    const sup = this.d.supervisor;
    const live = sup.status === 'live';
    const recent = this.recent.figures(performance.now(), sup.current?.fps ?? null, this.liveSince);
    return {
      id: this.id, source: this.d.info.source, status: sup.status, framesIn: this.framesIn, processed: this.processed,
      dropped: this.dropped, fps: live ? recent.fps : 0, lossPercent: live ? recent.lossPercent : 0, behind: live && recent.behind,
      latencyMs: { p50: q(0.5), p95: q(0.95) }, restarts: sup.restarts, lastError: sup.lastError, stderrTail: sup.stderrTail().slice(-5),
    };
  }
}
