import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODEL } from '../../test/helpers/cli.js';
import { parseCard } from './model-card.js';

const shipped = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
const classes: string[] = shipped.classes;
const v2 = {
  format: 'echolive-model-card', version: 2, name: 'next', classes, noneClass: 'none',
  input: { name: 'frames', shape: [-1, 1, 96, 128], layout: 'NCHW', dtype: 'float32', range: [0, 1] },
  outputs: { probs: { shape: [-1, 16] }, logits: { shape: [-1, 16] }, embedding: { shape: [-1, 64] }, quality: { shape: [-1, 3] } },
  ood: { score: 'energy', threshold: -7.5, direction: 'above' },
};

/** An ood rule on an embedding of `n` values. */
const embeddingRule = (n: number) => ({ score: 'embedding-logit', weights: new Array(n).fill(0.1), bias: 0, threshold: 0, direction: 'above' });

/** The one-line refusal a card gets, or null when it is accepted. */
function refusal(card: unknown): string | null {
  try {
    parseCard(card, 'm.json');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('model card', () => {
  it('reads a version-1 card (a model exported before version 2) as a single probs output with no embedding and no ood rule', () => {
    const { outputs: _, ...rest } = shipped;
    const c = parseCard({ ...rest, version: 1, output: { name: 'probs', shape: [-1, 16] } }, 'm.json');
    expect(c).toMatchObject({ version: 1, input: { name: 'frames', width: 80, height: 60 }, ood: null, noneClass: 'none' });
    expect(c.outputs).toEqual({ probs: { onnxName: 'probs', shape: [-1, 16] } });
  });

  it('reads the shipped card as version 2 with probs, logits, a 496-value embedding, a phantom-only quality and an ood rule on the embedding', () => {
    const c = parseCard(shipped, 'm.json');
    expect(c).toMatchObject({ version: 2, input: { name: 'frames', width: 80, height: 60 }, ood: { score: 'embedding-logit', threshold: 0, direction: 'above' }, qualityOnReal: false });
    expect(c.ood?.score === 'embedding-logit' && c.ood.weights).toHaveLength(496);
    expect(c.outputs).toEqual({
      probs: { onnxName: 'probs', shape: [-1, 16] },
      logits: { onnxName: 'logits', shape: [-1, 16] },
      embedding: { onnxName: 'embedding', shape: [-1, 496] },
      quality: { onnxName: 'quality', shape: [-1, 3] },
    });
  });

  it('reads a version-2 card with named outputs, its own input size and an ood rule', () => {
    const c = parseCard(v2, 'm.json');
    expect(c.input).toEqual({ name: 'frames', width: 128, height: 96 });
    expect(Object.keys(c.outputs)).toEqual(['probs', 'logits', 'embedding', 'quality']);
    expect(c.outputs.embedding).toEqual({ onnxName: 'embedding', shape: [-1, 64] });
    expect(c.ood).toEqual({ score: 'energy', threshold: -7.5, direction: 'above' });
  });

  it('reads an ood rule on the embedding with one weight per embedding value', () => {
    const ood = { score: 'embedding-logit', weights: Array.from({ length: 64 }, (_, i) => i / 64), bias: -1, threshold: 0.5, direction: 'above' };
    expect(parseCard({ ...v2, ood }, 'm.json').ood).toEqual(ood);
  });

  it.each([
    ['an unknown version', { ...v2, version: 3 }, /version must be 1 or 2, got 3/],
    ['no probs output', { ...v2, outputs: { logits: { shape: [-1, 16] } }, ood: undefined }, /no 'probs' output/],
    ['probs of the wrong width', { ...v2, outputs: { ...v2.outputs, probs: { shape: [-1, 15] } } }, /output 'probs' has shape \[-1,15\], expected \[-1,16\]/],
    ['a quality output without its two parts', { ...v2, outputs: { ...v2.outputs, quality: { shape: [-1, 1] } } }, /output 'quality' has shape \[-1,1\], expected \[-1,3\]/],
    ['an ood rule without logits', { ...v2, outputs: { probs: { shape: [-1, 16] } } }, /the ood rule needs a 'logits' output/],
    ['an embedding rule of the wrong width', { ...v2, ood: embeddingRule(63) }, /the ood rule has 63 weights, the 'embedding' output 64 values/],
    ['an embedding rule without an embedding', { ...v2, outputs: { probs: { shape: [-1, 16] } }, ood: embeddingRule(64) }, /the ood rule has 64 weights, the 'embedding' output is missing/],
    ['an ood rule of an unknown kind', { ...v2, ood: { ...v2.ood, score: 'mahalanobis' } }, /ood\.score/],
    ['a colour input', { ...v2, input: { ...v2.input, shape: [-1, 3, 96, 128] } }, /input\.shape/],
    ['an unknown class id', { ...v2, classes: [...classes.slice(1), 'apical-9'] }, /unknown class ids apical-9/],
    ['not an object at all', null, /version must be 1 or 2/],
  ])('refuses %s with one line naming the card', (_what, card, re) => {
    const msg = refusal(card);
    expect(msg).toMatch(re);
    expect(msg).toMatch(/^m\.json: /);
    expect(msg).not.toMatch(/\n/);
  });
});
