/**
 * A classifier with a profile's head on top: the model's outputs with `probs` adapted frame by frame (taught
 * views from the head on each frame's features (features.ts), the rest from the model; head.ts) and each frame's
 * gate as `taught`. What classify and evaluate run with --profile.
 */
import type { Classifier, ModelOutputs } from '../pipeline/classifier.js';
import { batchFeatures } from './features.js';
import { applyHead, bindHead, type Head } from './head.js';

export class AdaptedClassifier implements Classifier {
  private readonly bound;

  constructor(private readonly base: Classifier, head: Head) {
    this.bound = bindHead(head, base.classes);
  }

  get classes(): string[] {
    return this.base.classes;
  }

  get input(): { width: number; height: number } {
    return this.base.input;
  }

  async run(input: Float32Array, n: number): Promise<ModelOutputs> {
    const out = await this.base.run(input, n);
    if (!out.embedding) throw new Error('the model gave no embedding for the profile');
    const k = this.classes.length, { width, height } = this.input;
    const features = batchFeatures(out.embedding, out.embedding.length / n, input, n, width, height);
    const fw = features.length / n;
    const probs = out.probs.slice();
    const taught = new Float32Array(n);
    for (let i = 0; i < n; i++) taught[i] = applyHead(this.bound, features, i * fw, probs, i * k, k);
    return { ...out, probs, taught };
  }
}
