/**
 * The inference engine: the only importer of onnxruntime-node. Loads a model with its card, chooses an
 * execution provider, warms up, and runs batches (frames from one or many streams) once, returning every
 * output the card declares, by role (`probs`, and `logits`, `embedding`, `quality` where the model has them).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { UserError } from '../errors.js';
import { type ModelCard, loadCard } from './model-card.js';

export const DEVICES = ['auto', 'cpu', 'webgpu', 'cuda', 'tensorrt'] as const;
export type Device = (typeof DEVICES)[number];

export interface EngineOptions {
  model: string;
  device: Device;
  /** CPU threads per session (default 1: many streams share the cores; raise for one big batch job). */
  threads?: number;
  /** The network's ONNX bytes when they differ from the file (a fine-tuned profile's weights); the card is still the file's. */
  bytes?: Uint8Array;
}

/** A batch's outputs by role: n x (values per frame) floats each; `probs` is always there. */
export type ModelOutputs = { probs: Float32Array } & Record<string, Float32Array>;

/** Whether this machine shows a GPU to user space (NVIDIA device nodes or a DRM render node). */
function hasGpuDevice(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * Providers this install can run: those bundled in the package, plus CUDA/TensorRT when their libraries were
 * installed (ONNXRUNTIME_NODE_INSTALL=cuda12, see the README).
 */
function availableProviders(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const libs = existsSync(dir) ? readdirSync(dir) : [];
  return ort.listSupportedBackends()
    .filter((b) => b.bundled || libs.some((f) => f.includes(`providers_${b.name}`)))
    .map((b) => b.name);
}

/** Providers to try for a device, best first, and why auto picked them. */
export function providerPlan(device: Device, gpuPresent: boolean, available: string[]): { order: Array<Exclude<Device, 'auto'>>; why: string } {
  if (device !== 'auto') return { order: [device], why: `requested --device ${device}` };
  const order: Array<Exclude<Device, 'auto'>> = [];
  if (gpuPresent) {
    for (const p of ['tensorrt', 'cuda', 'webgpu'] as const) if (available.includes(p)) order.push(p);
  }
  order.push('cpu');
  const missing = ['cuda', 'tensorrt'].filter((p) => !available.includes(p));
  const why = gpuPresent
    ? `GPU present; trying ${order.join(', ')}${missing.length ? ` (${missing.join(' and ')} provider not installed)` : ''}`
    : 'no GPU device found';
  return { order, why };
}

export class Engine {
  /** The card's outputs by role, and their ONNX names to fetch (fixed for the session: not rebuilt a batch). */
  private readonly roles: Array<[string, ModelCard['outputs'][string]]>;
  private readonly fetches: string[];

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly card: ModelCard,
    readonly provider: string,
    readonly why: string,
  ) {
    this.roles = Object.entries(card.outputs);
    this.fetches = this.roles.map(([, o]) => o.onnxName);
  }

  /** Load model and card, pick a provider, check names, warm up. Throws UserError on any mismatch. */
  static async load(o: EngineOptions): Promise<Engine> {
    const card = loadCard(o.model);
    const plan = providerPlan(o.device, hasGpuDevice(), availableProviders());
    const errors: string[] = [];
    for (const p of plan.order) {
      try {
        const options: ort.InferenceSession.SessionOptions = { executionProviders: [p], intraOpNumThreads: o.threads ?? 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
        const session = await (o.bytes ? ort.InferenceSession.create(o.bytes, options) : ort.InferenceSession.create(o.model, options));
        const engine = new Engine(session, card, p, plan.why + (errors.length ? `; ${errors.join('; ')}` : ''));
        engine.checkNames();
        await engine.run(new Float32Array(engine.frameSize * 2), 2);
        return engine;
      } catch (e) {
        if (e instanceof UserError) throw e;
        errors.push(`${p} failed: ${String((e as Error).message).split('\n')[0].slice(0, 160)}`);
      }
    }
    throw new UserError(`${o.model}: no execution provider could run it (${errors.join('; ')})`);
  }

  private checkNames(): void {
    const { input, outputs } = this.card;
    if (!this.session.inputNames.includes(input.name)) throw new UserError(`model card says input '${input.name}', the model has ${this.session.inputNames.join(', ')}`);
    const meta = this.session.inputMetadata.find((m) => m.name === input.name);
    const [, , h, w] = meta?.isTensor ? meta.shape : [];
    if ((typeof h === 'number' && h !== input.height) || (typeof w === 'number' && w !== input.width)) {
      throw new UserError(`model card says input ${input.width}x${input.height}, the model takes ${w}x${h}`);
    }
    const missing = Object.values(outputs).map((o) => o.onnxName).filter((name) => !this.session.outputNames.includes(name));
    if (missing.length) throw new UserError(`model card says output${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, the model has ${this.session.outputNames.join(', ')}`);
  }

  get classes(): string[] {
    return this.card.classes;
  }

  /** The model input, pixels (from the card). */
  get input(): { width: number; height: number } {
    return this.card.input;
  }

  /** Pixels in one input frame (width x height). */
  get frameSize(): number {
    return this.card.input.width * this.card.input.height;
  }

  /**
   * Run n frames packed in `input` (n x height x width floats in 0-1, the card's input size) through the model
   * once. Returns every declared output by role, n x (values per frame) each.
   */
  async run(input: Float32Array, n: number): Promise<ModelOutputs> {
    const { width, height, name } = this.card.input;
    const t = new ort.Tensor('float32', input.subarray(0, n * width * height), [n, 1, height, width]);
    const out = await this.session.run({ [name]: t }, this.fetches);
    const result: Record<string, Float32Array> = {};
    for (const [role, o] of this.roles) {
      const data = out[o.onnxName].data as Float32Array;
      if (data.length !== n * o.shape[1]) throw new UserError(`model output '${o.onnxName}' has ${data.length} values for ${n} frames, the card says ${o.shape[1]} a frame`);
      result[role] = data;
    }
    return result as ModelOutputs;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
