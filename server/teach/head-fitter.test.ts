import { afterAll, describe, expect, it } from 'vitest';
import { fitHead } from './head.js';
import { WorkerHeadFitter } from './head-fitter.js';

/** n pseudo-random unit rows of width dim, labelled round-robin over `classes` classes. */
function taught(n: number, dim: number, classes: number): { embeddings: Float32Array; labels: string[] } {
  const embeddings = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += (embeddings[i * dim + j] = Math.sin(i * 12.9898 + j * 78.233) + (j % classes === i % classes ? 1 : 0)) ** 2;
    for (let j = 0; j < dim; j++) embeddings[i * dim + j] /= Math.sqrt(norm);
  }
  return { embeddings, labels: Array.from({ length: n }, (_, i) => `c${i % classes}`) };
}

describe('head fitter on a worker thread', () => {
  const fitter = new WorkerHeadFitter();
  afterAll(() => fitter.close());

  it('fits the same head as the calling thread would', async () => {
    const { embeddings, labels } = taught(60, 32, 4);
    expect(await fitter.fit(embeddings, labels, 32, 24)).toEqual(fitHead(embeddings, labels, 32, { gateDim: 24 }));
  });

  it('leaves the event loop free while it fits: a timer keeps firing during a large fit', async () => {
    const { embeddings, labels } = taught(1600, 766, 16); // the most a stream can teach: 16 classes x 100 frames
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await fitter.fit(embeddings, labels, 766, 496);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('rejects with the fit\'s own message when the request is malformed, and fits again afterwards', async () => {
    await expect(fitter.fit(new Float32Array(5), ['a', 'b'], 4, 4)).rejects.toThrow(/fitHead: 2 labels for 1.25 embeddings/);
    const { embeddings, labels } = taught(8, 4, 2);
    expect((await fitter.fit(embeddings, labels, 4, 4)).classes).toEqual(['c0', 'c1']);
  });
});
