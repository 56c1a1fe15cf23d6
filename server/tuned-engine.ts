/**
 * Fine-tuned engines: the model's network tuned on taught frames (teach/tune) and loaded into onnxruntime as a new
 * engine with the same card. Wires inference and the teach stage's tuner, as embedder.ts wires the embedder; used by
 * the offline commands (`teach --fine-tune`, `evaluate --teach k --fine-tune`, `--profile` with tuned weights) and by
 * main.ts, whose streams each run a fine-tuned network of their own once one is tuned or loaded for them.
 */
import { readFileSync } from 'node:fs';
import { Engine } from './inference/engine.js';
import { UserError } from './errors.js';
import { engineEmbedder, modelIdentity } from './embedder.js';
import { profileFrom } from './teach/fit-profile.js';
import { type Profile, networkKey, packTensors, unpackTensors } from './teach/profile.js';
import type { Network, Networks, TunedNet } from './teach/networks.js';
import { withWeights } from './teach/tune/onnx-weights.js';
import type { TuneOptions, TuneResult } from './teach/tune/tuner.js';
import { type TuneRequest, tuneModel, WorkerTuner } from './teach/tune/tune-thread.js';

/** Tune the engine's network on crops at its input size with their class ids; the tuned weights by ONNX name. */
export function tuneFor(engine: Engine, modelPath: string, crops: Uint8Array[], labels: string[], options: Partial<TuneOptions> = {}): Promise<TuneResult> {
  return tuneModel(tuneRequest(engine, modelPath, crops, labels, options));
}

/** What tuning the engine's network (the model file's weights) on crops at its input size with their class ids needs. */
function tuneRequest(engine: Engine, modelPath: string, crops: Uint8Array[], labels: string[], options: Partial<TuneOptions>): TuneRequest {
  return { model: modelPath, classes: engine.classes.length, ...engine.input, crops, labels: labels.map((l) => engine.classes.indexOf(l)), options };
}

/** An engine running the model with some weights replaced (a tuned profile's), on the CPU with the engine's card. */
export function engineWith(modelPath: string, tensors: ReadonlyMap<string, Float32Array>, threads = 1): Promise<Engine> {
  return Engine.load({ model: modelPath, device: 'cpu', threads, bytes: withWeights(new Uint8Array(readFileSync(modelPath)), tensors) });
}

/** A profile whose network is tuned on the crops (at the engine's input size) and whose head sits on the tuned embedding. */
export async function fineTunedProfile(name: string, engine: Engine, modelPath: string, crops: Uint8Array[], labels: string[], options: Partial<TuneOptions> = {}): Promise<Profile> {
  if (!crops.length) throw new UserError(`${name}: nothing taught yet (hold a view first)`);
  const r = await tuneFor(engine, modelPath, crops, labels, options);
  const tuned = await engineWith(modelPath, r.tensors);
  try {
    const profile = await profileFrom(name, modelIdentity(engine, modelPath), engineEmbedder(tuned), crops, labels);
    return { ...profile, network: { tensors: packTensors(r.tensors), tune: r.options } };
  } finally {
    await tuned.close();
  }
}

/**
 * The streams' fine-tuned networks for `serve` (teach/networks.ts): one onnxruntime engine per set of tuned weights,
 * shared by the streams that run them and closed when the last one lets go (once no batch is in flight); tuning
 * runs on a worker thread.
 */
export class TunedNetworks implements Networks {
  private readonly open = new Map<string, { net: Promise<TunedNet & { engine: Engine }>; users: number }>();
  private readonly tuner = new WorkerTuner();

  /**
   * @param whenIdle runs a function once no inference batch is in flight (the batcher's)
   * @param options the tuning's settings (TUNE_DEFAULTS for the rest)
   * @param threads each tuned engine's onnxruntime threads
   */
  constructor(private readonly modelPath: string, private readonly base: Engine, private readonly whenIdle: (fn: () => void) => void, private readonly options: Partial<TuneOptions> = {}, private readonly threads = 1) {}

  async tune(crops: Uint8Array[], labels: string[]): Promise<Network> {
    const r = await this.tuner.tune(tuneRequest(this.base, this.modelPath, crops, labels, this.options));
    return { tensors: packTensors(r.tensors), tune: r.options };
  }

  async acquire(network: Network, where: string): Promise<TunedNet> {
    const key = networkKey({ network })!;
    let e = this.open.get(key);
    if (!e) {
      const tensors = unpackTensors({ network }, where);
      const net = engineWith(this.modelPath, tensors, this.threads).then((engine) => ({ network, classifier: engine, embed: engineEmbedder(engine), engine }));
      this.open.set(key, (e = { net, users: 0 }));
      net.catch(() => this.open.delete(key));
    }
    e.users++;
    return e.net;
  }

  release(net: TunedNet): void {
    const key = networkKey(net)!;
    const e = this.open.get(key);
    if (!e || --e.users > 0) return;
    this.open.delete(key);
    void e.net.then(({ engine }) => this.whenIdle(() => void engine.close()));
  }

  async close(): Promise<void> {
    await this.tuner.close();
    const nets = await Promise.allSettled([...this.open.values()].map((e) => e.net));
    this.open.clear();
    await Promise.all(nets.map((n) => (n.status === 'fulfilled' ? n.value.engine.close() : undefined)));
  }
}
