import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/server.js';
import { spawnServe } from '../helpers/serve-process.js';

describe('credentials in source URLs', () => {
  it('never appear in hello, /healthz, ffmpeg output or the logs', async () => {
    // Port 9 (discard) refuses on loopback: ffmpeg fails at once, printing the URL it was given.
    const srv = await spawnServe(['--source', 'tcp://viewer:s3cretPass@127.0.0.1:9', '--source', 'rtsp://admin:hunter2zz@127.0.0.1:9/live']);
    try {
      const c = new Client(`${srv.url.replace('http', 'ws')}/ws`);
      await c.opened;
      const hello = await c.waitFor((m): m is Extract<typeof m, { type: 'hello' }> => m.type === 'hello');
      expect(hello.streams.map((s) => s.source)).toEqual(['tcp://viewer:***@127.0.0.1:9', 'rtsp://admin:***@127.0.0.1:9/live']);
      // Wait until both sources have failed at least once and reported why.
      let health: { streams: Array<{ lastError: string | null; stderrTail: string[]; source: string }> };
      do {
        await new Promise((r) => setTimeout(r, 200));
        health = await (await fetch(`${srv.url}/healthz`)).json();
      } while (!health.streams.every((s) => s.lastError));
      c.close();
      const seen = JSON.stringify(health) + JSON.stringify(c.messages) + srv.stderr();
      expect(seen).toContain('viewer:***@');
      expect(seen).not.toMatch(/s3cretPass|hunter2zz/);
    } finally {
      await srv.stop();
    }
  }, 120_000);
});
