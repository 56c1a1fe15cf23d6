/**
 * Fine-tuned networks for live streams (Teach's Fine-tune, or a fine-tuned profile loaded): a stream may run its
 * own copy of the model's network with tuned weights while the others run the model as shipped. The server
 * implements this with onnxruntime engines shared by the streams that run the same weights, and tunes on a
 * worker thread (tuned-engine.ts); the teach stage only asks for networks by their weights.
 */
import type { Classifier } from '../pipeline/classifier.js';
import type { Embed } from './fit-profile.js';
import type { Profile } from './profile.js';

/** Tuned weights as a profile keeps them. */
export type Network = NonNullable<Profile['network']>;

export interface TunedNet {
  readonly network: Network;
  /** The tuned network, which the batcher runs for the streams using it. */
  readonly classifier: Classifier;
  /** Crops' embeddings through the tuned network, to fit a head on. */
  readonly embed: Embed;
}

export interface Networks {
  /** Tune the model's network (from its own weights) on crops at its input size with their classes. */
  tune(crops: Uint8Array[], labels: string[]): Promise<Network>;
  /** A network with these weights (`where` names them in a refusal), shared by the streams that run them; give it back with `release`. */
  acquire(network: Network, where: string): Promise<TunedNet>;
  release(net: TunedNet): void;
}
