/**
 * The server side of Teach mode: one `teach` client message applied to a stream's teacher, answered with the
 * stream's teaching status, or with an error line (the stream carries on unchanged). Profiles are saved,
 * listed, loaded and deleted in one folder (teach.profilesDir), by name only, so a client never names a path.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientMessage, ErrorMessage, TeachMessage } from '../protocol.js';
import { UserError } from '../errors.js';
import { type Embed, type ModelIdentity, makeProfile, needsEmbedding, profileFor } from './fit-profile.js';
import { fitInThread, type HeadFitter } from './head-fitter.js';
import { PROFILE_NAME, type Profile, networkKey, readProfile, writeProfile } from './profile.js';
import type { StreamTeacher } from './stream-teacher.js';

/** The name an applied but unsaved head goes by. */
export const UNSAVED = 'unsaved';

export type TeachRequest = Extract<ClientMessage, { type: 'teach' }>;

export class TeachHub {
  private readonly runs: string | null;

  /**
   * `fitter`: where heads are fitted (the server passes a worker thread's). `network`: the tuned weights the server's
   * network runs (`serve --profile` with a fine-tuned profile), which every profile fitted here then carries.
   */
  constructor(private readonly model: ModelIdentity, private readonly embed: Embed, private readonly dir: string, private readonly fitter: HeadFitter = fitInThread, private readonly network: Profile['network'] = undefined) {
    this.runs = networkKey({ network });
  }

  /** Saved profile names, sorted. */
  profiles(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.json') && PROFILE_NAME.test(f.slice(0, -5))).map((f) => f.slice(0, -5)).sort();
  }

  status(stream: string, t: StreamTeacher, note?: string): TeachMessage {
    return {
      type: 'teach', stream, counts: t.session.counts(), singleHold: t.session.singleHold(), holding: t.session.holding, profile: t.profile,
      changed: t.changed, profiles: this.profiles(), ...(note ? { note } : {}),
    };
  }

  /** Load a profile file into a teacher (refitted when it was fitted for another model file); returns a note. */
  async load(path: string, t: StreamTeacher): Promise<string> {
    const p = readProfile(path);
    const r = await profileFor(p, path, this.model, this.embed, this.fitter, networkKey(p) === this.runs && this.runs !== null);
    t.session.replace(r.taught);
    t.use(r.profile.head, r.profile.name);
    t.changed = false;
    // Streams share one network: another profile's tuned weights run only where they are the server's (serve --profile).
    const why = p.network ? `its fine-tuned network runs with serve --profile, classify and evaluate; a head refitted on its ${r.taught.length} frames` : `refitted from its ${r.taught.length} frames for ${this.model.name}`;
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

  private async fit(t: StreamTeacher, name: string) {
    const p = { ...(await makeProfile(name, this.model, t.session.taught, this.fitter)), ...(this.network ? { network: this.network } : {}) };
    t.use(p.head, name);
    t.changed = false;
    return p;
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
      case 'undo': t.session.undo(); t.changed = true; return 'undid the last hold';
      case 'clear': t.session.clear(m.view!); t.changed = true; return `cleared ${m.view}`;
      case 'apply': {
        const p = await this.fit(t, t.profile ?? UNSAVED);
        const once = t.session.singleHold();
        return `applied ${Object.values(p.taught).reduce((a, b) => a + (b ?? 0), 0)} frames${once.length ? `; ${once.join(', ')} from one hold only: teaching ${once.length > 1 ? 'them' : 'it'} again on another patient helps` : ''}`;
      }
      case 'reset': t.use(null, null); return 'back to the base model';
      case 'save': writeProfile(file, await this.fit(t, m.name!)); return `saved ${m.name}`;
      case 'load': return this.load(file, t);
      case 'delete':
        if (!existsSync(file)) throw new UserError(`no saved profile '${m.name}'`);
        rmSync(file);
        return `deleted ${m.name}`;
    }
  }
}
