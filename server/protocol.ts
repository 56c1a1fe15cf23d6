/**
 * The WebSocket protocol between the server and the dashboard (docs/protocol.md). The one file both import:
 * message types, the version, the protocols' view lists and hint shapes.
 */
import type { ViewId } from './views.js';
import type { Cursor, PoseData, PoseError, SkinState } from './pose.js';

export type QualityReason = 'off-axis' | 'foreshortened' | 'off-window' | 'too-dark' | 'too-deep';

export interface QualityReading {
  /** 0-100, smoothed over about 0.3 s. */
  score: number;
  /** Why it is low (under 60), or that the image is too dark or too deep whatever the score. */
  reason?: QualityReason;
}

export const PROTOCOL_VERSION = 1;

/** Most client messages are small; anything larger closes the connection. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

export type TemporalStateName = 'stable' | 'acquiring' | 'unknown' | 'no-image';
export type SourceStatus = 'connecting' | 'live' | 'stale' | 'restarting' | 'failed' | 'ended';
export type ProtocolName = 'comprehensive' | 'focused';

/** Protocol view lists (views.md): the ASE comprehensive TTE with its three modes, and focused cardiac ultrasound. */
export const PROTOCOLS: Record<ProtocolName, ViewId[]> = {
  comprehensive: ['plax', 'mmode', 'rv-inflow', 'psax-basal', 'psax-mid', 'a4c', 'pw', 'a5c', 'cw', 'a2c', 'a3c', 'sub-4c', 'sub-ivc', 'ssn-arch'],
  focused: ['plax', 'psax-mid', 'a4c', 'sub-4c', 'sub-ivc'],
};

/** What the dashboard and the hint say while `state.unfamiliar` is true. */
export const UNFAMILIAR_TEXT = 'Unfamiliar image: is this an echo screen?';

/** The machine's imaging modes (keys B, M, P, C). */
export type ImagingModeName = '2d' | 'pw' | 'cw' | 'mmode';

/**
 * One key press of the virtual probe: slide 5 mm, or turn 5 degrees; with Shift, `coarse` times that (3 cm,
 * 30 degrees). docs/trainer.md.
 */
export const PROBE_STEP = { cm: 0.5, deg: 5, coarse: 6, cursorDeg: 2, gateCm: 0.5 } as const;

/**
 * The fewest presses that move one coordinate by k steps: `coarse` Shift presses (PROBE_STEP.coarse steps each)
 * and `fine` ones (signed counts; on a tie, fewer coarse presses).
 */
export function splitSteps(k: number): { coarse: number; fine: number; presses: number } {
  const K = PROBE_STEP.coarse;
  let best = { coarse: 0, fine: k, presses: Math.abs(k) };
  for (let c = Math.floor(k / K) - 1; c <= Math.ceil(k / K) + 1; c++) {
    const presses = Math.abs(c) + Math.abs(k - c * K);
    if (presses < best.presses || (presses === best.presses && Math.abs(c) < Math.abs(best.coarse))) best = { coarse: c, fine: k - c * K, presses };
  }
  return best;
}

/** A probe move: slides along the skin (cm) and turns (degrees); signs as in SkinState (server/pose.ts). */
export interface ProbeMove {
  /** Along the torso's outline, + toward the patient's left, cm. */
  slideLeft?: number;
  /** Along the torso's length, + toward the head, cm. */
  slideHead?: number;
  /** Clockwise as seen looking at the skin, degrees. */
  rotate?: number;
  /** Fan out of the image plane, + toward the elevation side (beam x marker), degrees. */
  tilt?: number;
  /** Lean within the image plane, + toward the marker, degrees. */
  rock?: number;
}

/** A cursor move in M-mode, PW or CW: the line's angle (degrees, + toward screen right) and the gate (cm, + deeper). */
export interface CursorMove {
  angleDeg?: number;
  gateCm?: number;
}

/** A trainer key: its label on screen and what one press does. */
export interface ProbeKey {
  label: string;
  move?: ProbeMove;
  mode?: ImagingModeName;
  cursor?: CursorMove;
}

const FINE_KEYS: Record<string, ProbeKey> = {
  arrowright: { label: '→', move: { slideLeft: PROBE_STEP.cm } },
  arrowleft: { label: '←', move: { slideLeft: -PROBE_STEP.cm } },
  arrowup: { label: '↑', move: { slideHead: PROBE_STEP.cm } },
  arrowdown: { label: '↓', move: { slideHead: -PROBE_STEP.cm } },
  e: { label: 'E', move: { rotate: PROBE_STEP.deg } },
  q: { label: 'Q', move: { rotate: -PROBE_STEP.deg } },
  w: { label: 'W', move: { tilt: PROBE_STEP.deg } },
  s: { label: 'S', move: { tilt: -PROBE_STEP.deg } },
  d: { label: 'D', move: { rock: PROBE_STEP.deg } },
  a: { label: 'A', move: { rock: -PROBE_STEP.deg } },
};

/**
 * The trainer's keys, named as `[shift+]` + KeyboardEvent.key in lower case: arrows slide, Q/E rotate, W/S tilt,
 * A/D rock (Shift: coarse), B/M/P/C choose 2D, M-mode, PW and CW, Z/X turn the mode's cursor (2 degrees), R/F
 * move the PW gate up / down (5 mm).
 */
export const PROBE_KEYS: Record<string, ProbeKey> = {
  ...FINE_KEYS,
  ...Object.fromEntries(Object.entries(FINE_KEYS).map(([k, v]) => [`shift+${k}`, {
    label: `⇧${v.label}`, move: Object.fromEntries(Object.entries(v.move!).map(([a, x]) => [a, x * PROBE_STEP.coarse])),
  }])),
  z: { label: 'Z', cursor: { angleDeg: -PROBE_STEP.cursorDeg } },
  x: { label: 'X', cursor: { angleDeg: PROBE_STEP.cursorDeg } },
  r: { label: 'R', cursor: { gateCm: -PROBE_STEP.gateCm } },
  f: { label: 'F', cursor: { gateCm: PROBE_STEP.gateCm } },
  b: { label: 'B', mode: '2d' },
  m: { label: 'M', mode: 'mmode' },
  p: { label: 'P', mode: 'pw' },
  c: { label: 'C', mode: 'cw' },
};

/** One probe move: what to do, which way and how far. */
export interface Move {
  type: 'rotate' | 'tilt' | 'slide' | 'rock' | 'mode';
  /** rotate: cw/ccw; tilt and rock: toward a body direction or the marker; slide: to a window or a body direction; mode: the mode. */
  direction: string;
  /** Degrees for rotate/tilt/rock, where the move has a typical size. */
  degrees?: number;
  /** Millimetres for a slide measured from the probe's pose (trainer). */
  mm?: number;
  /** The trainer key that makes this move (a PROBE_KEYS key) and how many presses (trainer). */
  key?: string;
  presses?: number;
  text: string;
}

/** Where the virtual probe is, for phantom streams with a virtual probe (the trainer). */
export interface ProbeReport {
  skin: SkinState;
  /** The held pose (without the hand's jitter). */
  pose: PoseData;
  mode: ImagingModeName;
  /** The mode's cursor (server/pose.ts Cursor) and, with a mode target, where it belongs on this pose. */
  cursor: Cursor;
  cursorTarget: Cursor | null;
  /** Moves applied since the stream started (key presses and drags). */
  moves: number;
  /** The target's ideal pose and the error from it, while there is a target. */
  ideal: PoseData | null;
  error: PoseError | null;
  /** The phantom labels the held pose as the target and the error is within server/pose.ts REACHED. */
  reached: boolean;
}

export interface Hint {
  /** unfamiliar: the image is unlike any echo view the model knows (state.unfamiliar). */
  kind: 'hold' | 'move' | 'mode' | 'quality' | 'no-image' | 'search' | 'unfamiliar';
  target: ViewId | null;
  /** The next move first; the whole path of moves for a far target. */
  moves: Move[];
  /** Views the path passes through, from the current view to the target. */
  path: ViewId[];
  text: string;
}

export interface ChecklistItem {
  view: ViewId;
  status: 'pending' | 'acquiring' | 'done';
  /** Seconds from session start to the first stable hold, or null. */
  timeToAcquire: number | null;
  bestConfidence: number;
  /** Seconds held stably in total. */
  dwell: number;
  /** The trainer's scoring of this view (virtual probe sessions), once done. */
  practice?: PracticeScore;
}

/**
 * A view's score in a virtual-probe session (docs/trainer.md): the leg from the previous completed view (or
 * the session start) to this one.
 */
export interface PracticeScore {
  /** Seconds the leg took. */
  seconds: number;
  /** Moves made (key presses, drags, mode changes) and the fewest that reach the view from the leg's start. */
  moves: number;
  optimum: number;
  /** Pose error when the view was taken, mm and degrees. */
  mm: number;
  deg: number;
  /** Help (hints and the ghost probe) was on during the leg. */
  help: boolean;
  /** The view was reached by a jump (the view list), not by moving the probe: it scores nothing. */
  jumped: boolean;
  /** 0-100: 60 for moves against the optimum, 20 for accuracy, 20 for time; halved with help; 0 when jumped. */
  points: number;
}

export interface ProtocolProgress {
  protocol: ProtocolName;
  startedAt: number;
  elapsed: number;
  items: ChecklistItem[];
  done: number;
  total: number;
  /** The next pending view (the target while the session runs), or null when complete. */
  next: ViewId | null;
  complete: boolean;
  score: number;
}

export interface StreamInfo {
  id: string;
  source: string;
  kind: string;
  /** A phantom source whose probe the client can move. */
  interactive: boolean;
  /** Whether preview images are available for this stream. */
  preview: boolean;
  /** The phantom's seed, for streams with a virtual probe (the dashboard's 3D scene builds the same body). */
  phantomSeed?: number;
}

export interface HelloMessage {
  type: 'hello';
  version: number;
  classes: string[];
  viewNames: Record<string, string>;
  model: { name: string; provider: string; classes: number; limits?: string };
  streams: StreamInfo[];
  protocols: Record<ProtocolName, ViewId[]>;
}

export interface StateMessage {
  type: 'state';
  stream: string;
  seq: number;
  view: ViewId | null;
  candidate: string;
  confidence: number;
  temporal: TemporalStateName;
  reason?: 'blank' | 'frozen';
  /**
   * Present when the model card has an out-of-distribution rule: true while the image is unlike anything the
   * model knows (then `view` is null and `temporal` is `unknown`; "Unfamiliar image: is this an echo screen?").
   */
  unfamiliar?: boolean;
  /**
   * Image quality of the held 2D view (0-100) and why it is low, from the model's quality output; null without a
   * held 2D view. Absent when the model has no quality output, or for real sources while the model card says its
   * quality was checked on the phantom only.
   */
  quality?: QualityReading | null;
  top3: Array<{ id: string; p: number }>;
  target: ViewId | null;
  hint: Hint | null;
  protocol: ProtocolProgress | null;
  /** The phantom's true label, for phantom sources. */
  truth?: string | null;
  /** The taught profile adapting this stream's model, when one is applied (absent on the base model). */
  profile?: string;
  /**
   * True when a real source has shown no recognised view for `teach.suggestAfterS` seconds of image on the base
   * model: likely a machine the model does not know, so the overlay suggests teaching it (absent otherwise).
   */
  suggestTeach?: true;
  /** While a view is being taught on this stream: the class held and frames kept from this hold. */
  teaching?: { view: string; kept: number };
  /** The virtual probe, for phantom streams with one. */
  probe?: ProbeReport;
  /** Auto-capture on this stream: whether it is on, views kept, and a revision that changes whenever the clips do. */
  capture?: CaptureIndicator;
  /** Epoch ms when the frame was complete and when this message was sent. */
  captureTs: number;
  publishTs: number;
}

export interface StreamHealth {
  id: string;
  source: string;
  status: SourceStatus;
  framesIn: number;
  processed: number;
  dropped: number;
  fps: number;
  /** Frames lost over the last 2 s, dropped here or never delivered by the source against its frame rate, %. */
  lossPercent: number;
  /** Losing over 1% of frames: the machine (or the source) cannot keep up. */
  behind: boolean;
  latencyMs: { p50: number; p95: number };
  restarts: number;
  lastError: string | null;
  stderrTail: string[];
  /** Auto-capture is on for this stream. */
  capture?: boolean;
}

/** Auto-capture's indicator in every state (docs/protocol.md, "Auto-capture"). */
export interface CaptureIndicator {
  on: boolean;
  /** Views with a kept clip. */
  views: number;
  /** Bumped whenever a clip is kept, replaced or deleted: ask for the list (capture action `list`) when it changes. */
  rev: number;
  /** A better clip did not fit in the memory cap (autoCapture.maxMiB): export and delete to make room. */
  full: boolean;
}

/** One captured view: the best clip of it so far in the stream's session. */
export interface CaptureSummary {
  view: ViewId;
  /** Mean quality score over the clip, 0-100. */
  quality: number;
  seconds: number;
  frames: number;
  /** Frame size, px. */
  width: number;
  height: number;
  /** full-res: JPEG at the source's own resolution (#fullres); analysis: the grey frames the model saw. */
  resolution: 'full-res' | 'analysis';
  /** Epoch ms of the clip's last frame. */
  capturedAt: number;
  /** A small grey picture (base64 of width*height bytes, row-major), or null. */
  thumb: { width: number; height: number; grey: string } | null;
}

/** The reply to every `capture` message: the stream's auto-capture session. */
export interface CapturesMessage {
  type: 'captures';
  stream: string;
  on: boolean;
  clips: CaptureSummary[];
  /** Memory the clips hold and the cap, bytes. */
  bytes: number;
  maxBytes: number;
  full: boolean;
  /** What the action did, in a few words ("exported 3 views to 2026-11-29-plax"). */
  note?: string;
  /** After an export: the folder (relative to the server's captures root) and the files written there. */
  exported?: { folder: string; files: string[] };
}

/** Capture actions (docs/protocol.md, "Auto-capture"). */
export const CAPTURE_ACTIONS = ['on', 'off', 'list', 'export', 'delete'] as const;
export type CaptureAction = (typeof CAPTURE_ACTIONS)[number];
/** Export folders: one to four names of letters, digits, '.', '_' and '-' joined by '/', under the captures root. */
export const CAPTURE_FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}){0,3}$/;

export interface HealthMessage {
  type: 'health';
  uptimeS: number;
  streams: StreamHealth[];
  clients: number;
  /** Some stream is behind: more streams than this machine can decode and analyse. */
  overloaded: boolean;
}

export interface ErrorMessage {
  type: 'error';
  error: string;
}

export interface SessionSummaryMessage {
  type: 'session';
  stream: string;
  summary: ProtocolProgress;
}

/** Profile names: letters, digits, '.', '_' and '-', up to 64 (profiles/<name>.json). */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Teach actions (docs/protocol.md, "Teach"): `view` for start and clear, `name` for save, load and delete; `tune`
 * applies like `apply` after fine-tuning the network on the taught frames (about half a minute; answered when done).
 */
export const TEACH_ACTIONS = ['status', 'start', 'stop', 'undo', 'clear', 'apply', 'tune', 'reset', 'save', 'load', 'delete'] as const;
export type TeachAction = (typeof TEACH_ACTIONS)[number];

/** A stream's teaching, the reply to every `teach` message. */
export interface TeachMessage {
  type: 'teach';
  stream: string;
  /** Frames taught per class in this session (classes with none left out). */
  counts: Record<string, number>;
  /**
   * Classes whose every frame came from one hold of this session (none loaded from a profile): the dashboard
   * suggests teaching them again on another patient, which teaches a view better (README, measured).
   */
  singleHold: string[];
  /** The class being held, or null. */
  holding: string | null;
  /** The profile applied to the stream, or null on the base model. */
  profile: string | null;
  /** Whether frames were taught, undone or cleared since the last apply (apply to use them). */
  changed: boolean;
  /** Whether the stream runs a network fine-tuned on its taught frames (`tune`, or a fine-tuned profile loaded). */
  tuned: boolean;
  /** Whether the network is being fine-tuned for this stream now (the `tune` reply follows when it is done). */
  tuning: boolean;
  /** Saved profiles (names in the server's profiles folder), sorted. */
  profiles: string[];
  /** What the last action did, in a few words, e.g. "saved clinic-1". */
  note?: string;
}

export type ServerMessage = HelloMessage | StateMessage | HealthMessage | ErrorMessage | SessionSummaryMessage | TeachMessage | CapturesMessage;

export type ClientMessage =
  | { type: 'select'; stream: string; preview?: boolean }
  | { type: 'target'; stream: string; view: ViewId | null }
  | { type: 'protocol'; stream: string; action: 'start' | 'stop'; protocol?: ProtocolName }
  | { type: 'probe'; stream: string; move?: ProbeMove; view?: ViewId; mode?: ImagingModeName; cursor?: CursorMove }
  | { type: 'teach'; stream: string; action: TeachAction; view?: string; name?: string }
  | { type: 'help'; stream: string; on: boolean }
  | {
    type: 'capture'; stream: string; action: CaptureAction;
    /** export: a folder under the server's captures root (CAPTURE_FOLDER; default <stream>-<date>-<time>). */
    folder?: string;
    /** export: the patient as entered; both left out, the files say Anonymous. */
    patient?: { name?: string; id?: string };
    /** export: which files (default both). */
    formats?: Array<'mp4' | 'dicom'>;
  };

/**
 * Binary preview frames: byte 0 = stream index (in hello's list), bytes 1-2 width, 3-4 height (big endian),
 * then width*height grey bytes.
 */
export const PREVIEW_HEADER_BYTES = 5;
