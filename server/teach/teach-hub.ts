/**
 * The server side of Teach mode: one `teach` client message applied to a stream's teacher, answered with the
 * stream's teaching status, or with an error line (the stream carries on unchanged). Profiles are saved,
 * listed, loaded and deleted in one folder (teach.profilesDir), by name only, so a client never names a path.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientMessage, ErrorMessage, TeachMessage } from '../protocol.js';
import { UserError } from '../errors.js';
import { type Embed, type ModelIdentity, needsEmbedding, profileFor, profileFrom } from './fit-profile.js';
import { fitInThread, type HeadFitter } from './head-fitter.js';
import type { Head } from './head.js';
import { PROFILE_NAME, type Profile, readProfile, writeProfile } from './profile.js';
import type { StreamTeacher } from './stream-teacher.js';
import type { TaughtFrame } from './session.js';
import type { Networks, TunedNet } from './networks.js';

/** The name an applied but unsaved head goes by. */
export const UNSAVED = 'unsaved';

export type TeachRequest = Extract<ClientMessage, { type: 'teach' }>;

export class TeachHub {
  /** The stream whose network is being fine-tuned, or null (one at a time: each keeps a core busy). */
  private tuning: string | null = null;

  /**
   * `fitter`: where heads are fitted (the server passes a worker thread's). `networks`: fine-tuned networks per
   * stream (the server's; without them Fine-tune is refused and a fine-tuned profile gets a head on the base model).
   */
  constructor(private readonly model: ModelIdentity, private readonly embed: Embed, private readonly dir: string, private readonly fitter: HeadFitter = fitInThread, private readonly networks?: Networks) {}

  /** Saved profile names, sorted. */
  profiles(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.json') && PROFILE_NAME.test(f.slice(0, -5))).map((f) => f.slice(0, -5)).sort();
  }

  status(stream: string, t: StreamTeacher, note?: string): TeachMessage {
    return {
      type: 'teach', stream, counts: t.session.counts(), singleHold: t.session.singleHold(), holding: t.session.holding, profile: t.profile,
      changed: t.changed, tuned: !!t.network, tuning: this.tuning === stream, profiles: this.profiles(), ...(note ? { note } : {}),
    };
  }

  /**
   * Load a profile file into a teacher: a fine-tuned one for this model file runs its own network; any other is
   * refitted when it was fitted for another model file. Returns a note.
   */
  async load(path: string, t: StreamTeacher): Promise<string> {
    const p = readProfile(path);
    const net = p.network && p.model.sha256 === this.model.sha256 && this.networks ? await this.networks.acquire(p.network, path) : null;
    const r = await this.owning(net, () => profileFor(p, path, this.model, net?.embed ?? this.embed, this.fitter, !!net));
    t.session.replace(r.taught);
    this.use(t, r.profile.head, r.profile.name, net, t.revision);
    if (net) return `loaded ${r.profile.name} with its fine-tuned network`;
    const why = p.network ? `fine-tuned for another model file: a head refitted on its ${r.taught.length} frames; Fine-tune tunes this one on them` : `refitted from its ${r.taught.length} frames for ${this.model.name}`;
    return `loaded ${r.profile.name}${r.refitted ? ` (${why})` : ''}`;
  }

  async handle(m: TeachRequest, t: StreamTeacher): Promise<TeachMessage | ErrorMessage> {
    try {
      return this.status(m.stream, t, await this.act(m, t));
    } catch (e) {
      if (e instanceof UserError) return { type: 'error', error: e.message };
      throw e;
    }
  }

  /** A head for the stream's network (re-embedding the taught frames through it), used at once; the profile. */
  private async fit(t: StreamTeacher, name: string): Promise<Profile> {
    const rev = t.revision, taught = [...t.session.taught];
    const net = t.network && (await this.networks!.acquire(t.network.network, name));
    const p = await this.owning(net, () => this.fitOn(taught, name, net?.embed ?? this.embed));
    this.use(t, p.head, name, net, rev);
    return net ? { ...p, network: net.network } : p;
  }

  /** Fine-tune the model's network on the stream's taught frames and use it with a head fitted on it. */
  private async tune(t: StreamTeacher, stream: string): Promise<string> {
    if (!this.networks) throw new UserError(`${stream}: fine-tuning runs on the server only (teach --fine-tune from files)`);
    if (this.tuning) throw new UserError(`the network is already being fine-tuned for ${this.tuning}; one at a time (each keeps a core busy for about half a minute)`);
    needsEmbedding(this.model, stream);
    const name = t.profile ?? UNSAVED, taught = [...t.session.taught], rev = t.revision, t0 = performance.now();
    if (!taught.length) throw new UserError(`${name}: nothing taught yet (hold a view first)`);
    this.tuning = stream;
    try {
      const net = await this.networks.acquire(await this.networks.tune(taught.map((f) => f.crop), taught.map((f) => f.label)), name);
      const p = await this.owning(net, () => this.fitOn(taught, name, net.embed));
      this.use(t, p.head, name, net, rev);
    } finally {
      this.tuning = null;
    }
    return `fine-tuned the network on ${taught.length} frames in ${Math.round((performance.now() - t0) / 1000)} s and applied it`;
  }

  /** A profile fitted on taught frames, each embedded by `embed` (the network the stream will run). */
  private fitOn(taught: readonly TaughtFrame[], name: string, embed: Embed): Promise<Profile> {
    return profileFrom(name, this.model, embed, taught.map((f) => f.crop), taught.map((f) => f.label), this.fitter);
  }

  /** Run `f` holding `net` (a reference this call owns): given back when `f` fails. */
  private async owning<T>(net: TunedNet | null, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (net) this.networks!.release(net);
      throw e;
    }
  }

  /**
   * Apply a head on a network (a reference the teacher now owns) or on the base model; when nothing was taught since
   * `rev` (the frames it was fitted on), they count as applied (null: `changed` as it was).
   */
  private use(t: StreamTeacher, head: Head | null, name: string | null, net: TunedNet | null, rev: number | null): void {
    const before = t.use(head, name, net);
    if (before) this.networks!.release(before);
    if (t.revision === rev) t.changed = false;
  }

  private async act(m: TeachRequest, t: StreamTeacher): Promise<string | undefined> {
    const file = m.name ? join(this.dir, `${m.name}.json`) : '';
    switch (m.action) {
      case 'status': return undefined;
      case 'start':
        needsEmbedding(this.model, m.stream);
        t.start(m.view!);
        return undefined;
      case 'stop': t.session.stop(); return undefined;
      case 'undo': t.session.undo(); t.touch(); return 'undid the last hold';
      case 'clear': t.session.clear(m.view!); t.touch(); return `cleared ${m.view}`;
      case 'apply': {
        const p = await this.fit(t, t.profile ?? UNSAVED);
        const once = t.session.singleHold();
        return `applied ${Object.values(p.taught).reduce((a, b) => a + (b ?? 0), 0)} frames${once.length ? `; ${once.join(', ')} from one hold only: teaching ${once.length > 1 ? 'them' : 'it'} again on another patient helps` : ''}`;
      }
      case 'tune': return this.tune(t, m.stream);
      case 'reset': this.use(t, null, null, null, null); return 'back to the base model';
      case 'save': writeProfile(file, await this.fit(t, m.name!)); return `saved ${m.name}`;
      case 'load': return this.load(file, t);
      case 'delete':
        if (!existsSync(file)) throw new UserError(`no saved profile '${m.name}'`);
        rmSync(file);
        return `deleted ${m.name}`;
    }
  }
}
