import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Composed } from '../../server/main.js';
import { FIXTURES } from '../helpers/cli.js';
import { Client, startServer, wsUrl } from '../helpers/server.js';
import { PROTOTYPE_KEYS } from './zod-arbitrary.js';

const SEED = 20261129;

/** One raw HTTP request with any method, path and Host header (fetch refuses to set some of these). */
function raw(app: Composed, method: string, path: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.port, method, path, headers: host === undefined ? {} : { host }, setHost: host === undefined }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP surface', () => {
  let app: Composed;
  beforeAll(async () => {
    app = await startServer([`${join(FIXTURES, 'plax.mp4')}#loop`], { transport: { allowHosts: ['echo-cart.local'], maxClients: 3 } });
  });
  afterAll(async () => app?.close());

  it('answers only GET and HEAD, on /healthz and /metrics too', async () => {
    for (const path of ['/healthz', '/metrics', '/']) {
      expect(await raw(app, 'GET', path)).toBe(200);
      for (const m of ['POST', 'DELETE', 'PUT', 'PATCH']) expect(await raw(app, m, path)).toBe(405);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding) and takes its own names', async () => {
    const port = app.port;
    expect(await raw(app, 'GET', '/healthz', `evil.example:${port}`)).toBe(403);
    expect(await raw(app, 'GET', '/healthz', 'evil.example')).toBe(403);
    expect(await raw(app, 'GET', '/', `attacker.test:${port}`)).toBe(403);
    for (const h of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `echo-cart.local:${port}`]) expect(await raw(app, 'GET', '/healthz', h)).toBe(200);
    await expect(new Client(wsUrl(app), { headers: { host: `evil.example:${port}` } }).opened).rejects.toThrow(/403/);
  });

  it('refuses clients beyond the limit and takes one again when another leaves', async () => {
    const cs = [new Client(wsUrl(app)), new Client(wsUrl(app)), new Client(wsUrl(app))];
    await Promise.all(cs.map((c) => c.opened));
    await expect(new Client(wsUrl(app)).opened).rejects.toThrow(/503/);
    cs[0].close();
    // The server notices the close asynchronously: try until a place is free (the test timeout guards a hang).
    let again: Client;
    do {
      await new Promise((r) => setTimeout(r, 50));
      again = new Client(wsUrl(app));
    } while (!(await again.opened.then(() => true, () => false)));
    [...cs.slice(1), again].forEach((c) => c.close());
  });

  it('survives any method, path and Host header, including prototype names and broken escapes', async () => {
    const seg = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, '..', '%', '%E0%A4%A', '%2e%2e', 'healthz', 'metrics', 'ws', 'index.html', 'assets'), fc.webSegment());
    const path = fc.array(seg, { maxLength: 5 }).chain((parts) => fc.constantFrom('', '?token=x', '?__proto__[a]=1', '#x').map((q) => `/${parts.join('/')}${q}`));
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT_X', 'TOSTRING');
    const host = fc.option(fc.oneof(fc.constantFrom(`127.0.0.1:${app.port}`, 'constructor', '__proto__:1'), fc.domain()), { nil: undefined });
    await fc.assert(fc.asyncProperty(method, path, host, async (m, p, h) => {
      const code = await raw(app, m, p, h).catch(() => 400);
      expect([200, 400, 401, 403, 404, 405]).toContain(code);
    }), { seed: SEED, numRuns: 300 });
    expect(await raw(app, 'GET', '/healthz')).toBe(200);
  }, 600_000);
});

describe('a client that floods', () => {
  it('is told once that later messages are dropped, and the server keeps serving it', async () => {
    const app = await startServer([`${join(FIXTURES, 'plax.mp4')}#loop`], { transport: { maxMessagesPerSecond: 5 } });
    try {
      const c = new Client(wsUrl(app));
      await c.opened;
      for (let i = 0; i < 200; i++) c.send({ type: 'target', stream: 's9', view: null });
      await c.waitFor((m): m is typeof m => m.type === 'error' && /too many messages/.test(m.error));
      await new Promise((r) => setTimeout(r, 300));
      const errors = c.of('error').map((e) => e.error);
      expect(errors.filter((e) => /too many messages: at most 5 a second/.test(e))).toHaveLength(1);
      expect(errors.filter((e) => /unknown stream 's9'/.test(e)).length).toBeLessThan(200);
      expect(c.closed).toBeNull();
      await c.waitFor((m): m is typeof m => m.type === 'state', 30_000, c.messages.length);
      c.close();
    } finally {
      await app.close();
    }
  });
});
