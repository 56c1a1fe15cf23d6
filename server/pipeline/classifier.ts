/** What the pipeline needs from inference (implemented by inference/engine.ts, wired in by the caller). */

/** One batch's model outputs by role, n x (values per frame) each; `logits` and `embedding` where the model has them. */
export interface ModelOutputs {
  probs: Float32Array;
  logits?: Float32Array;
  embedding?: Float32Array;
  /** [score, off-axis part, position part] per frame, 0-100, where the model has it. */
  quality?: Float32Array;
  /** Per frame, 0-1: how like the frames taught on this machine it is (a profile's gate, teach/head.ts). */
  taught?: Float32Array;
}

/** Frame i's slice of every output of a batch of n frames. */
export function frameOutputs(o: ModelOutputs, i: number, n: number): ModelOutputs {
  const out: Partial<Record<keyof ModelOutputs, Float32Array>> = {};
  for (const role of Object.keys(o) as Array<keyof ModelOutputs>) {
    const a = o[role]!, d = a.length / n;
    out[role] = a.subarray(i * d, (i + 1) * d);
  }
  return out as ModelOutputs;
}

export interface Classifier {
  /** Class ids in output order (the 15 views and the none class). */
  readonly classes: string[];
  /** The model input, pixels. */
  readonly input: { width: number; height: number };
  /** n frames (n x height x width floats in 0-1) to n x classes outputs. */
  run(input: Float32Array, n: number): Promise<ModelOutputs>;
}

/** Index of the largest of k probabilities starting at `from`, passing over class `skip` (-1: none skipped). */
export function argmax(probs: ArrayLike<number>, from = 0, k = probs.length - from, skip = -1): number {
  let top = skip === 0 ? 1 : 0;
  for (let c = top + 1; c < k; c++) if (c !== skip && probs[from + c] > probs[from + top]) top = c;
  return top;
}

/** Pack uint8 crops into the float input (0-1). */
export function packFrames(frames: Uint8Array[], frameSize: number, out: Float32Array = new Float32Array(frames.length * frameSize)): Float32Array {
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const o = i * frameSize;
    for (let j = 0; j < frameSize; j++) out[o + j] = f[j] * (1 / 255);
  }
  return out;
}
