/**
 * Teaching on one live stream: the frames being taught (session.ts) and the head applied to the stream's
 * model outputs. The stream hands every inferred frame here twice: before smoothing to adapt its
 * probabilities, after smoothing to offer it for teaching (blank and frozen frames are refused).
 */
import type { StateMessage } from '../protocol.js';
import type { ModelOutputs } from '../pipeline/classifier.js';
import { featureWidth, teachFeatures } from './features.js';
import { applyHead, bindHead, type BoundHead, type Head } from './head.js';
import { TeachSession, type SessionOptions } from './session.js';
import type { TunedNet } from './networks.js';

export class StreamTeacher {
  readonly session: TeachSession;
  private bound: BoundHead | null = null;
  private name: string | null = null;
  private net: TunedNet | null = null;
  /** Frames taught, undone or cleared since the head was applied. */
  changed = false;
  /** Counts every change to the taught frames (touch), so a slow fit knows whether they changed meanwhile. */
  revision = 0;
  private kept = 0;
  private features = new Float32Array(0);

  /** `input`: the model's input size, the crops' size. */
  constructor(private readonly classes: string[], private readonly input: { width: number; height: number }, o: SessionOptions) {
    this.session = new TeachSession(o);
  }

  /** The applied profile's name, or null on the base model. */
  get profile(): string | null {
    return this.name;
  }

  /** The fine-tuned network the stream runs, or null for the model as shipped. */
  get network(): TunedNet | null {
    return this.net;
  }

  /**
   * Use a head from now on (named as its profile), on a fine-tuned network or the model as shipped (null), or go
   * back to the base model with a null head. Returns the network used before (the caller gives it back).
   */
  use(head: Head | null, name: string | null, net: TunedNet | null = null): TunedNet | null {
    const before = this.net;
    this.bound = head ? bindHead(head, this.classes) : null;
    this.name = head ? name : null;
    this.net = head ? net : null;
    return before;
  }

  /** The taught frames changed (kept, undone, cleared). */
  touch(): void {
    this.changed = true;
    this.revision++;
  }

  /** One frame's outputs (its model-input `crop` beside them) with its probabilities through the applied head (a copy) and its gate as `taught`; as given without a head. */
  adapt(o: ModelOutputs, crop: Uint8Array): ModelOutputs {
    if (!this.bound || !o.embedding) return o;
    const dim = o.embedding.length;
    if (this.features.length !== featureWidth(dim)) this.features = new Float32Array(featureWidth(dim));
    teachFeatures(o.embedding, 0, dim, crop, 0, this.input.width, this.input.height, this.features);
    const probs = o.probs.slice();
    const taught = Float32Array.of(applyHead(this.bound, this.features, 0, probs, 0, probs.length));
    return { ...o, probs, taught };
  }

  /** Offer a smoothed frame for teaching; `usable` is false for blank or frozen images. */
  offer(crop: Uint8Array, embedding: Float32Array | undefined, usable: boolean): void {
    if (embedding && this.session.offer(crop, embedding, usable)) {
      this.kept++;
      this.touch();
    }
  }

  /** Start holding a class (a new burst). */
  start(label: string): void {
    this.session.start(label);
    this.kept = 0;
  }

  /** What a state message carries about teaching. */
  stateFields(): Pick<StateMessage, 'profile' | 'teaching'> {
    const held = this.session.holding;
    return { ...(this.name ? { profile: this.name } : {}), ...(held ? { teaching: { view: held, kept: this.kept } } : {}) };
  }
}
