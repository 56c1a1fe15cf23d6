/**
 * The inference engine: the only importer of onnxruntime-node. Loads a model with its card, chooses an
 * execution provider, warms up, and runs batches (frames from one or many streams).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { UserError } from '../errors.js';
import { type ModelCard, loadCard } from './model-card.js';
import { INPUT_HEIGHT, INPUT_WIDTH } from './input-spec.js';

export const DEVICES = ['auto', 'cpu', 'webgpu', 'cuda', 'tensorrt'] as const;
export type Device = (typeof DEVICES)[number];

export interface EngineOptions {
  model: string;
  device: Device;
  /** CPU threads per session (default 1: many streams share the cores; raise for one big batch job). */
  threads?: number;
}

const FRAME = INPUT_WIDTH * INPUT_HEIGHT;

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
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly card: ModelCard,
    readonly provider: string,
    readonly why: string,
  ) {}

  /** Load model and card, pick a provider, check names, warm up. Throws UserError on any mismatch. */
  static async load(o: EngineOptions): Promise<Engine> {
    const card = loadCard(o.model);
    const plan = providerPlan(o.device, hasGpuDevice(), availableProviders());
    const errors: string[] = [];
    for (const p of plan.order) {
      try {
        const session = await ort.InferenceSession.create(o.model, {
          executionProviders: [p],
          intraOpNumThreads: o.threads ?? 1,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
        });
        const engine = new Engine(session, card, p, plan.why + (errors.length ? `; ${errors.join('; ')}` : ''));
        engine.checkNames();
        await engine.run(new Float32Array(FRAME * 2), 2);
        return engine;
      } catch (e) {
        if (e instanceof UserError) throw e;
        errors.push(`${p} failed: ${String((e as Error).message).split('\n')[0].slice(0, 160)}`);
      }
    }
    throw new UserError(`${o.model}: no execution provider could run it (${errors.join('; ')})`);
  }

  private checkNames(): void {
    const { input, output } = this.card;
    if (!this.session.inputNames.includes(input.name)) throw new UserError(`model card says input '${input.name}', the model has ${this.session.inputNames.join(', ')}`);
    if (!this.session.outputNames.includes(output.name)) throw new UserError(`model card says output '${output.name}', the model has ${this.session.outputNames.join(', ')}`);
  }

  get classes(): string[] {
    return this.card.classes;
  }

  /**
   * Classify n frames packed in `input` (n x 60 x 80 floats in 0-1). Returns n x classes probabilities.
   */
  async run(input: Float32Array, n: number): Promise<Float32Array> {
    const t = new ort.Tensor('float32', input.subarray(0, n * FRAME), [n, 1, INPUT_HEIGHT, INPUT_WIDTH]);
    const out = await this.session.run({ [this.card.input.name]: t });
    const probs = out[this.card.output.name].data as Float32Array;
    if (probs.length !== n * this.card.classes.length) throw new UserError(`model output has ${probs.length} values, the card lists ${this.card.classes.length} classes`);
    return probs;
  }

  /** Convenience: uint8 grey frames (n x 60 x 80) to probabilities. */
  async classify(frames: Uint8Array[], ): Promise<Float32Array> {
    const buf = new Float32Array(frames.length * FRAME);
    frames.forEach((f, i) => {
      for (let j = 0; j < FRAME; j++) buf[i * FRAME + j] = f[j] / 255;
    });
    return this.run(buf, frames.length);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
