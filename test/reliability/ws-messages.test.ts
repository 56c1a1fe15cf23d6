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
/** Generous: a guard against hangs, not a speed requirement. */
const FUZZ_TIMEOUT_MS = 600_000;
const isMalformed = (m: { type: string; error?: string }) => m.type === 'error' && m.error === 'malformed JSON';

const MALFORMED_REPLY = JSON.stringify({ type: 'error', error: 'malformed JSON' });
const THROTTLED = '{"type":"error","error":"too many messages';
const isJson = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

/**
 * Send one message, then a sentinel that always gets 'malformed JSON' back: replies come in order, so once
 * the sentinel's reply is in, the message was handled. Rejects if the connection closes.
 */
function roundTrip(c: Client, msg: unknown): Promise<void> {
  const text = typeof msg === 'string' ? msg : JSON.stringify(msg);
  let awaited = isJson(text) ? 1 : 2;
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      // Over the rate limit (the fuzz can outrun 1000 messages a second) the message, the sentinel or both may
      // have been dropped (one notice per burst, after any reply the message got): from here on only the
      // sentinel's reply is awaited, sent again once the bucket has refilled. (Awaiting a dropped text's own
      // reply hung this test for its whole timeout once.)
      if (!isBinary && data.toString().startsWith(THROTTLED)) {
        awaited = 1;
        return void setTimeout(() => c.send(SENTINEL), 1100);
      }
      if (isBinary || data.toString() !== MALFORMED_REPLY || --awaited > 0) return;
      off();
      resolve();
    };
    const onClose = (code: number) => (off(), reject(new Error(`connection closed (${code}) after ${text.slice(0, 200)}`)));
    const off = () => (c.ws.off('message', onMessage), c.ws.off('close', onClose));
    c.ws.on('message', onMessage);
    c.ws.on('close', onClose);
    c.send(text);
    c.send(SENTINEL);
  });
}

describe('client messages', () => {
  it('a message typed with an inherited member name gets an error and the server process keeps running', async () => {
    const srv = await spawnServe(['--source', `${join(FIXTURES, 'plax.mp4')}#loop`]);
    try {
      const c = new Client(`${srv.url.replace('http', 'ws')}/ws`);
      await c.opened;
      for (const type of PROTOTYPE_KEYS) await roundTrip(c, { type, stream: 's1' });
      const errors = c.of('error').filter((e) => !isMalformed(e)).map((e) => e.error);
      expect(errors).toEqual(PROTOTYPE_KEYS.map((k) => `unknown message type '${k}' (select, target, protocol, probe, teach, help, capture)`));
      expect(srv.alive()).toBe(true);
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
      c.close();
    } finally {
      await srv.stop();
    }
  }, FUZZ_TIMEOUT_MS);

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
      }, FUZZ_TIMEOUT_MS);
    }

    it('any JSON value or text at all gets at most an error back', async () => {
      const text = fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.constantFrom(...PROTOTYPE_KEYS).map((k) => `{"type":"${k}","${k}":{"${k}":1}}`));
      await fc.assert(fc.asyncProperty(text, async (t) => {
        await roundTrip(c, t);
        expect(c.closed).toBeNull();
      }), { seed: SEED, numRuns: 200 });
    }, FUZZ_TIMEOUT_MS);
  });
});
