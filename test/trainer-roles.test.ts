import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, wsUrl } from './helpers/server.js';
import type { Composed } from '../server/main.js';
import type { ServerMessage, StateMessage } from '../server/protocol.js';

const isState = (m: ServerMessage): m is StateMessage => m.type === 'state';

describe('trainer roles and sessions over the real server', () => {
  let app: Composed;
  beforeAll(async () => {
    app = await startServer(['sim:interactive'], { phantom: { fps: 10 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets an instructor watch the trainee\'s probe and session but refuses every message that would change them', async () => {
    const trainee = new Client(wsUrl(app));
    const instructor = new Client(wsUrl(app, '?role=instructor'));
    await Promise.all([trainee.opened, instructor.opened]);
    trainee.send({ type: 'protocol', stream: 's1', action: 'start', protocol: 'focused' });
    const seen = await instructor.waitFor((m): m is StateMessage => isState(m) && m.protocol !== null && m.probe !== undefined);
    expect(seen.protocol!.protocol).toBe('focused');
    const before = instructor.of('error').length;
    for (const m of [
      { type: 'probe', stream: 's1', move: { rotate: 5 } }, { type: 'probe', stream: 's1', view: 'a4c' },
      { type: 'protocol', stream: 's1', action: 'stop' }, { type: 'target', stream: 's1', view: 'a2c' }, { type: 'help', stream: 's1', on: false },
    ]) instructor.send(m);
    instructor.send({ type: 'select', stream: 's1', preview: true });
    while (instructor.of('error').length < before + 5) await new Promise((r) => setTimeout(r, 20));
    expect(instructor.of('error').slice(before).map((e) => e.error)).toEqual(['probe', 'probe', 'protocol', 'target', 'help'].map((t) => `read-only: an instructor watches and cannot send '${t}' (connect without role=instructor to drive)`));
    // The session is untouched: still running, and the probe has not moved.
    const after = await instructor.waitFor((m): m is StateMessage => isState(m), 120_000, instructor.messages.length);
    expect(after.protocol).not.toBeNull();
    expect(after.probe!.moves).toBe(seen.probe!.moves);
    trainee.close();
    instructor.close();
  });

  it('refuses an unknown role at the door', async () => {
    const c = new Client(wsUrl(app, '?role=boss'));
    await expect(c.opened).rejects.toThrow(/HTTP 400/);
  });

  it('gives a trainee who reconnects the running session, with its checklist and the probe where it was', async () => {
    const first = new Client(wsUrl(app));
    await first.opened;
    first.send({ type: 'probe', stream: 's1', move: { slideLeft: 0.5 } });
    const moved = await first.waitFor((m): m is StateMessage => isState(m) && m.probe !== undefined && m.protocol !== null);
    first.close();
    const again = new Client(wsUrl(app));
    await again.opened;
    const st = await again.waitFor((m): m is StateMessage => isState(m) && m.probe !== undefined);
    expect(st.protocol).not.toBeNull();
    expect(st.protocol!.protocol).toBe('focused');
    expect(st.probe!.moves).toBeGreaterThanOrEqual(moved.probe!.moves);
    again.send({ type: 'protocol', stream: 's1', action: 'stop' });
    await again.waitFor((m): m is Extract<ServerMessage, { type: 'session' }> => m.type === 'session');
    again.close();
  });
});
