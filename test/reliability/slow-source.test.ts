import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { CLI, ROOT } from '../helpers/cli.js';
import { sleep, startServer } from '../helpers/server.js';

describe('sources that are slow to start', () => {
  it('a network stream whose sender starts late is waited for, not restarted, and goes live', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    // A long first-frame timeout: only a hang may fail this test, however busy the machine.
    const app = await startServer([`udp://127.0.0.1:${port}`], { supervisor: { staleAfterS: 1, firstFrameTimeoutS: 300 } });
    const sup = app.supervisors[0];
    const seen: string[] = [];
    sup.on('status', (s) => seen.push(s));
    try {
      await sleep(3000); // three times the live stale timeout with nothing sent
      expect(sup.status).toBe('connecting');
      const sender = spawn(process.execPath, [CLI, 'simulate', '--view', 'a4c', '--fps', '15', '--size', '320x240', '--out', `udp://127.0.0.1:${port}`], { cwd: ROOT, stdio: 'ignore' });
      try {
        while (sup.status !== 'live') await sleep(50);
        expect(sup.restarts).toBe(0);
        expect(seen).toEqual(['live']);
      } finally {
        sender.kill('SIGTERM');
      }
    } finally {
      await app.close();
    }
  });

  it('a source that connects but never sends a frame is restarted after the first-frame timeout, and counted', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s)); // accepts and says nothing
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const app = await startServer([`tcp://127.0.0.1:${port}`], { supervisor: { firstFrameTimeoutS: 2, backoffBaseS: 0.1 } });
    const sup = app.supervisors[0];
    try {
      while (sup.restarts < 1) await sleep(50);
      expect(sup.lastError).toBe('no first frame within 2 s');
      const h = await (await fetch(`${app.url}/healthz`)).json();
      expect(h.status).toBe('degraded');
      expect(h.streams[0]).toMatchObject({ restarts: expect.any(Number), lastError: 'no first frame within 2 s' });
      expect(h.streams[0].restarts).toBeGreaterThanOrEqual(1);
    } finally {
      await app.close();
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
