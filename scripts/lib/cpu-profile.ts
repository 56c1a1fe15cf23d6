/**
 * A CPU profile of this process's main thread (V8's sampling profiler through node:inspector), summarised
 * into the server's per-frame stages by where each sample's function lives. Bench scripts only.
 */
import { Session } from 'node:inspector/promises';

/** Stage of the frame's path a function belongs to: first matching rule wins (file path or function name). */
const STAGES: Array<[string, RegExp]> = [
  ['sector detection', /capture\/sector\.ts|crop-tracker\.ts/],
  ['crop and resize', /capture\/crop-scale\.ts/],
  ['read and copy', /ffmpeg-source\.ts|node:internal\/(streams|stream_base_commons|child_process)|node:net|node:events|^onStreamRead$|^readableAddChunk|^addChunk/],
  ['inference', /inference\/engine\.ts|pipeline\/(batcher|classifier)\.ts|onnxruntime/],
  ['taught head', /teach\/(stream-teacher|features|head|linear)\.ts/],
  ['smoothing', /pipeline\/(temporal|unfamiliar|guidance|protocol-tracker)\.ts/],
  ['publish', /pipeline\/stream\.ts|transport\/|node_modules\/ws\/|JSON|^stringify$|prom-client/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$/],
];

interface Node { id: number; callFrame: { functionName: string; url: string }; children?: number[] }

export interface ProfileSummary {
  /** Main-thread ms per stage over the profiled span (self time of the functions in that stage). */
  msByStage: Record<string, number>;
  /** The profiled span, ms. */
  spanMs: number;
}

export async function profile(during: () => Promise<void>): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  await during();
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const byId = new Map<number, Node>((p.nodes as Node[]).map((n) => [n.id, n]));
  const stageOf = new Map<number, string>();
  const name = (n: Node) => STAGES.find(([, re]) => re.test(n.callFrame.url) || re.test(n.callFrame.functionName))?.[0];
  // A function without a stage of its own (a builtin, a typed-array copy) counts toward its caller's stage.
  const walk = (id: number, inherited: string) => {
    const n = byId.get(id)!;
    const s = name(n) ?? inherited;
    stageOf.set(id, s);
    for (const c of n.children ?? []) walk(c, s);
  };
  walk((p.nodes as Node[])[0].id, 'other');
  const msByStage: Record<string, number> = {};
  const deltas = p.timeDeltas as number[];
  (p.samples as number[]).forEach((id, i) => {
    const s = stageOf.get(id) ?? 'other';
    msByStage[s] = (msByStage[s] ?? 0) + (deltas[i] ?? 0) / 1000;
  });
  return { msByStage, spanMs: (p.endTime - p.startTime) / 1000 };
}
