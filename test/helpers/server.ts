/** Starting the real server in-process (real ffmpeg, real model, real sockets) and talking to it with ws. */
import WebSocket from 'ws';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSchema, type ServeConfig } from '../../server/config/serve.js';
import { compose, type Composed } from '../../server/main.js';
import type { ServerMessage } from '../../server/protocol.js';

/** Profiles saved and captures exported by tests go to temporary folders, never into the checkout. */
export async function startServer(sources: string[], extra: Partial<{ transport: Partial<ServeConfig['transport']>; supervisor: Partial<ServeConfig['supervisor']>; phantom: Partial<ServeConfig['phantom']>; teach: Partial<ServeConfig['teach']>; autoCapture: Partial<ServeConfig['autoCapture']> }> = {}): Promise<Composed> {
  const teach = { profilesDir: mkdtempSync(join(tmpdir(), 'echolive-profiles-')), ...extra.teach };
  const autoCapture = { root: mkdtempSync(join(tmpdir(), 'echolive-captures-')), ...extra.autoCapture };
  const cfg = serveSchema.parse({ sources, transport: { port: 0, ...extra.transport }, supervisor: { ...extra.supervisor }, phantom: { ...extra.phantom }, teach, autoCapture });
  return compose(cfg);
}

/** A ws client that records every JSON message. */
export class Client {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  binary = 0;
  /** The latest binary (preview) message. */
  lastBinary: Buffer | null = null;
  closed: number | null = null;
  readonly opened: Promise<void>;

  constructor(url: string, opts: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, opts);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) (this.binary++, (this.lastBinary = data as Buffer));
      else this.messages.push(JSON.parse(data.toString()));
    });
    this.ws.on('close', (code) => (this.closed = code));
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
  }

  /** Wait until a message matching `pred` arrives; the time limit only guards against a hang. */
  async waitFor<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, timeoutMs = 120_000, from = 0): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.messages.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no matching message in ${timeoutMs} ms (got ${this.messages.length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }

  close(): void {
    this.ws.terminate();
  }
}

export const wsUrl = (app: Composed, q = '') => `${app.url.replace('http', 'ws')}/ws${q}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
