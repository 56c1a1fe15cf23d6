/**
 * The model as an embedder for teaching: crops at any size resized to the model's input (capture's area
 * resize, as live frames are) and run through the engine for their embeddings. Wires inference and capture
 * for the teach stage, as sources.ts wires the sources; used by main.ts and the offline commands.
 */
import type { Engine } from './inference/engine.js';
import { modelHash } from './teach/profile.js';
import type { Embed, ModelIdentity } from './teach/fit-profile.js';
import { cropScale } from './capture/crop-scale.js';
import { packFrames } from './pipeline/classifier.js';

/** Frames per engine run while embedding. */
const BATCH = 256;

/** The model identity a profile records (hashes the ONNX file once). */
export function modelIdentity(engine: Engine, modelPath: string): ModelIdentity {
  const e = engine.card.outputs.embedding;
  return { name: engine.card.name, sha256: modelHash(modelPath), classes: engine.classes, input: engine.input, embeddingDim: e ? e.shape[1] : null };
}

export function engineEmbedder(engine: Engine): Embed {
  const { width, height } = engine.input;
  return async (crops, w, h) => {
    const sized = w === width && h === height ? crops : crops.map((c) => cropScale({ data: c, width: w, height: h }, { x: 0, y: 0, w, h }, width, height));
    const dim = engine.card.outputs.embedding?.shape[1] ?? 0;
    const embeddings = new Float32Array(sized.length * dim);
    for (let i = 0; i < sized.length; i += BATCH) {
      const chunk = sized.slice(i, i + BATCH);
      const out = await engine.run(packFrames(chunk, engine.frameSize), chunk.length);
      embeddings.set(out.embedding, i * dim);
    }
    return { crops: sized, embeddings };
  };
}
