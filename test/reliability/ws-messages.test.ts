import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { CLIENT_MESSAGE_SCHEMAS } from '../../server/transport/client-messages.js';
import type { Composed } from '../../server/main.js';
import { FIXTURES } from '../helpers/cli.js';
import { Client, startServer, wsUrl } from '../helpers/server.js';
import { spawnServe } from '../helpers/serve-process.js';
import { PROTOTYPE_KEYS, hostileArbitrary, validArbitrary } from './zod-arbitrary.js';

const SEED = 20261129;
const SENTINEL = '{not json';
const isMalformed = (m: { type: string; error?: string }) => m.type === 'error' && m.error === 'malformed JSON';

/** Send one message, then a sentinel that always gets an error back: once it has, the message was handled. */
async function roundTrip(c: Client, msg: unknown): Promise<void> {
  const before = c.messages.filter(isMalformed).length;
  c.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  c.send(SENTINEL);
  await c.waitFor((m): m is typeof m => c.messages.filter(isMalformed).length > before, 30_000);
}

describe('client messages', () => {
  it('a message typed with an inherited member name gets an error and the server process keeps running', async () => {
    const srv = await spawnServe(['--source', `${join(FIXTURES, 'plax.mp4')}#loop`]);
    try {
      const c = new Client(`${srv.url.replace('http', 'ws')}/ws`);
      await c.opened;
      for (const type of PROTOTYPE_KEYS) await roundTrip(c, { type, stream: 's1' });
      const errors = c.of('error').filter((e) => !isMalformed(e)).map((e) => e.error);
      expect(errors).toEqual(PROTOTYPE_KEYS.map((k) => `unknown message type '${k}' (select, target, protocol, probe)`));
      expect(srv.alive()).toBe(true);
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
      c.close();
    } finally {
      await srv.stop();
    }
  });

  describe('fuzzed against the real server', () => {
    let app: Composed;
    let c: Client;
    beforeAll(async () => {
      app = await startServer([`${join(FIXTURES, 'a4c.mp4')}#loop`, 'sim:interactive'], { transport: { maxMessagesPerSecond: 1000 } });
      c = new Client(wsUrl(app));
      await c.opened;
    });
    afterAll(async () => {
      c?.close();
      await app?.close();
    });

    const special = { stream: fc.oneof(fc.constantFrom('s1', 's2'), fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS)) };
    for (const [type, schema] of Object.entries(CLIENT_MESSAGE_SCHEMAS)) {
      it(`every valid or hostile '${type}' message is answered or applied, and the connection stays open`, async () => {
        const arb = fc.oneof(validArbitrary(schema, special), hostileArbitrary(type, schema, special));
        await fc.assert(fc.asyncProperty(arb, async (msg) => {
          await roundTrip(c, msg);
          expect(c.closed).toBeNull();
        }), { seed: SEED, numRuns: 150 });
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      });
    }

    it('any JSON value or text at all gets at most an error back', async () => {
      const text = fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.constantFrom(...PROTOTYPE_KEYS).map((k) => `{"type":"${k}","${k}":{"${k}":1}}`));
      await fc.assert(fc.asyncProperty(text, async (t) => {
        await roundTrip(c, t);
        expect(c.closed).toBeNull();
      }), { seed: SEED, numRuns: 200 });
    });
  });
});
