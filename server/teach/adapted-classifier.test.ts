import { describe, expect, it } from 'vitest';
import { AdaptedClassifier } from './adapted-classifier.js';
import { batchFeatures } from './features.js';
import { fitHead } from './head.js';
import type { Classifier, ModelOutputs } from '../pipeline/classifier.js';
import { judgeFrame, type OodRule } from '../pipeline/unfamiliar.js';

const DIM = 4;
const CLASSES = ['plax', 'a4c', 'none'];
const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));

/** A base model that returns fixed embeddings, one per frame, and `plax` for every frame. */
function base(embeddings: number[][]): Classifier {
  return {
    classes: CLASSES,
    input: { width: 2, height: 1 },
    run: async (_input: Float32Array, n: number): Promise<ModelOutputs> => ({
      probs: Float32Array.from({ length: n * 3 }, (_, i) => [0.8, 0.1, 0.1][i % 3]),
      embedding: Float32Array.from(embeddings.slice(0, n).flat()),
    }),
  };
}

describe('a classifier with a taught head', () => {
  const taught = [unit([1, 0.1, 0, 0]), unit([1, -0.1, 0, 0]), unit([0, 1, 0.1, 0]), unit([0, 1, -0.1, 0])];
  // Flat 2 x 1 frames have no gradients, so the features are the embeddings and zero histograms.
  const features = batchFeatures(taught.flat(), DIM, new Float32Array(8), 4, 2, 1);
  const head = fitHead(features, ['a4c', 'a4c', 'none', 'none'], features.length / 4);
  // The rule calls every frame unfamiliar (bias 1, no weights).
  const flagAll: OodRule = { score: 'embedding-logit', weights: [0, 0, 0, 0], bias: 1, threshold: 0, direction: 'above' };

  it('gives each frame its gate as `taught`, and a frame like the taught ones is familiar whatever the rule says', async () => {
    const c = new AdaptedClassifier(base([unit([1, 0, 0, 0]), unit([0, 0, 0, 1])]), head);
    const o = await c.run(new Float32Array(4), 2);
    expect(o.taught![0]).toBeGreaterThan(0.9);
    expect(o.taught![1]).toBeLessThan(0.1);
    expect(o.probs[1]).toBeGreaterThan(0.5); // the taught frame is named a4c
    expect(judgeFrame(flagAll, o, 0, 2)).toBe(false);
    expect(judgeFrame(flagAll, o, 1, 2)).toBe(true);
  });
});
