/**
 * HTTP and WebSocket transport: the dashboard's files, /healthz, /metrics, and /ws with a token, an Origin
 * allow-list, a size limit, heartbeats, and per-client backpressure (a slow client only ever gets the latest
 * state per stream, so it never delays another). Knows nothing of the pipeline: it talks to a Hub.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import type { ClientMessage, HealthMessage, HelloMessage, ServerMessage, StateMessage } from '../protocol.js';
import { PREVIEW_HEADER_BYTES } from '../protocol.js';
import { CLIENT_ROLES, parseClientMessage, refusedFor, type ClientRole } from './client-messages.js';
import { allowedHosts, hostAllowed } from './host-check.js';
import { TokenBucket } from './rate-limit.js';
import { UserError } from '../errors.js';

/** What the transport needs from the rest of the server (wired in main.ts). */
export interface Hub {
  hello(): HelloMessage;
  health(): HealthMessage;
  /** Handle a client's message; a returned (or resolved) message goes back to that client only. */
  handle(msg: ClientMessage): ServerMessage | null | Promise<ServerMessage | null>;
  /** Who watches a stream changed: whether any client has it selected, and whether any wants its previews. */
  watchersChanged(stream: string, selected: boolean, preview: boolean): void;
  /** A stream's latest full-resolution frame (JPEG), or why there is none (HTTP status and reason). */
  still(stream: string): Uint8Array | { status: number; error: string };
}

export interface TransportConfig {
  host: string;
  port: number;
  token?: string;
  /** Extra allowed Origins (the server's own http://host:port is always allowed). */
  allowOrigins: string[];
  /** Extra Host header values (host or host:port) beyond the listen address and loopback names. */
  allowHosts: string[];
  maxMessageBytes: number;
  /** Client messages per second per connection (bursts up to one second's worth); more are refused. */
  maxMessagesPerSecond: number;
  /** Connected clients at most; more are refused with 503. */
  maxClients: number;
  heartbeatS: number;
  /** At most this many state messages a second per stream to each client. */
  maxStatesPerSecond: number;
  /** Above this many bytes queued on a socket, the client only gets the latest state later. */
  bufferLimitBytes: number;
  staticDir: string;
}

interface Client {
  ws: WebSocket;
  alive: boolean;
  /** Send times per stream within the last second (at most maxStatesPerSecond of them). */
  sent: Map<string, number[]>;
  pending: Map<string, StateMessage>;
  /** The stream this client last selected, and the streams it wants previews of (a grid shows several). */
  selected: string | null;
  previews: Set<string>;
  bucket: TokenBucket;
  /** Told about the rate limit since its last accepted message. */
  throttled: boolean;
  /** A trainee drives; an instructor only watches (client-messages.ts). */
  role: ClientRole;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

export class Transport {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private timers: NodeJS.Timeout[] = [];
  private ownOrigins: string[] = [];
  private hosts = new Set<string>();

  constructor(private readonly cfg: TransportConfig, private readonly hub: Hub, private readonly metricsText: () => Promise<string>) {
    this.http = createServer((req, res) =>
      this.onHttp(req, res).catch(() => {
        // A request we cannot parse (say, a malformed %-escape) must not take the server down.
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad request' }));
      }),
    );
    this.wss = new WebSocketServer({ noServer: true, maxPayload: cfg.maxMessageBytes });
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const refuse = (code: number, why: string) => {
        socket.write(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        socket.destroy();
      };
      if (!hostAllowed(req.headers.host, this.hosts)) return refuse(403, 'Forbidden');
      if (url.pathname !== '/ws') return refuse(404, 'Not Found');
      if (!this.authorised(req, url)) return refuse(401, 'Unauthorized');
      const role = (url.searchParams.get('role') ?? 'trainee') as ClientRole;
      if (!CLIENT_ROLES.includes(role)) return refuse(400, 'Bad Request');
      const origin = req.headers.origin;
      if (origin && !this.originAllowed(origin)) return refuse(403, 'Forbidden');
      if (this.clients.size >= this.cfg.maxClients) return refuse(503, 'Service Unavailable');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, role));
    });
  }

  /** Listen; resolves with the bound address (port 0 picks a free one). */
  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', (e: NodeJS.ErrnoException) => {
        const why = e.code === 'EADDRINUSE' ? 'is already in use' : e.code === 'EACCES' ? 'needs privileges' : e.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : e.message;
        reject(new UserError(`serve: ${this.cfg.host}:${this.cfg.port} ${why}`));
      });
      this.http.listen(this.cfg.port, this.cfg.host, () => resolve());
    });
    const addr = this.http.address() as AddressInfo;
    this.hosts = allowedHosts(this.cfg.host, addr.port, this.cfg.allowHosts);
    const hosts = new Set([this.cfg.host, 'localhost', '127.0.0.1', '[::1]'].map((h) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h)));
    this.ownOrigins = [...hosts].map((h) => `http://${h}:${addr.port}`);
    this.timers.push(setInterval(() => this.heartbeat(), this.cfg.heartbeatS * 1000));
    this.timers.push(setInterval(() => this.flush(), 1000 / this.cfg.maxStatesPerSecond));
    return addr;
  }

  private authorised(req: IncomingMessage, url: URL): boolean {
    if (!this.cfg.token) return true;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return bearer === this.cfg.token || url.searchParams.get('token') === this.cfg.token;
  }

  private originAllowed(origin: string): boolean {
    return this.ownOrigins.includes(origin) || this.cfg.allowOrigins.includes(origin);
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!hostAllowed(req.headers.host, this.hosts)) return json(403, { error: 'unknown Host header (see --allow-host)' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'method not allowed' });
    if (url.pathname === '/healthz' || url.pathname === '/metrics') {
      if (!this.authorised(req, url)) return json(401, { error: 'token required' });
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(await this.metricsText());
        return;
      }
      const h = this.hub.health();
      const ok = h.streams.every((s) => s.status === 'live' || s.status === 'ended');
      return json(200, { status: ok ? 'ok' : 'degraded', ...h });
    }
    const still = /^\/streams\/([^/]+)\/still\.jpg$/.exec(url.pathname);
    if (still) {
      if (!this.authorised(req, url)) return json(401, { error: 'token required' });
      const r = this.hub.still(decodeURIComponent(still[1]));
      if (!(r instanceof Uint8Array)) return json(r.status, { error: r.error });
      res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' });
      res.end(r);
      return;
    }
    const root = resolve(this.cfg.staticDir);
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = join(root, rel || 'index.html');
    if (!file.startsWith(root)) return json(403, { error: 'forbidden' });
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) return json(404, { error: `dashboard not built (no ${file}); run npm run build` });
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  }

  private onConnection(ws: WebSocket, role: ClientRole): void {
    const c: Client = { ws, alive: true, sent: new Map(), pending: new Map(), selected: null, previews: new Set(), bucket: new TokenBucket(this.cfg.maxMessagesPerSecond), throttled: false, role };
    this.clients.add(c);
    ws.on('pong', () => (c.alive = true));
    ws.on('message', (data, isBinary) => {
      // Whatever one message does, it must not take down the server or the other clients.
      try {
        this.onMessage(c, data.toString(), isBinary);
      } catch (e) {
        this.send(c, { type: 'error', error: `could not handle the message: ${(e as Error).message}` });
      }
    });
    ws.on('close', () => {
      this.clients.delete(c);
      this.tellWatchers([c.selected, ...c.previews]);
    });
    ws.on('error', () => ws.terminate());
    this.send(c, this.hub.hello());
  }

  private onMessage(c: Client, text: string, isBinary: boolean): void {
    if (!c.bucket.take()) {
      // One notice per burst: answering every refused message would let a flood amplify itself.
      if (!c.throttled) this.send(c, { type: 'error', error: `too many messages: at most ${this.cfg.maxMessagesPerSecond} a second; later ones are dropped` });
      c.throttled = true;
      return;
    }
    c.throttled = false;
    if (isBinary) return this.send(c, { type: 'error', error: 'binary messages are not accepted' });
    const r = parseClientMessage(text);
    if (!r.ok) return this.send(c, { type: 'error', error: r.error });
    const refused = refusedFor(c.role, r.msg);
    if (refused) return this.send(c, { type: 'error', error: refused });
    if (r.msg.type === 'select') this.select(c, r.msg.stream, r.msg.preview);
    const reply = this.hub.handle(r.msg);
    if (!(reply instanceof Promise)) return reply ? this.send(c, reply) : undefined;
    // Slow handling (a profile refitted for the model) answers later; a failure still answers with one line.
    reply.then((m) => m && this.send(c, m), (e: Error) => this.send(c, { type: 'error', error: `could not handle the message: ${e.message.split('\n')[0]}` }));
  }

  /** `preview: true` adds the stream to the client's previews, `false` removes it; an unknown stream adds none. */
  private select(c: Client, stream: string, preview: boolean | undefined): void {
    const touched = [c.selected, stream];
    c.selected = stream;
    if (preview === false) c.previews.delete(stream);
    else if (preview && this.hub.hello().streams.some((s) => s.id === stream)) c.previews.add(stream);
    this.tellWatchers(touched);
  }

  private tellWatchers(streams: Array<string | null>): void {
    for (const s of new Set(streams)) {
      if (s) this.hub.watchersChanged(s, [...this.clients].some((x) => x.selected === s), [...this.clients].some((x) => x.previews.has(s)));
    }
  }

  private send(c: Client, m: ServerMessage): void {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify(m));
  }

  /** Whether a client may get another state of a stream now (sliding one-second window), recording it if so. */
  private admit(c: Client, stream: string, now: number): boolean {
    let times = c.sent.get(stream);
    if (!times) c.sent.set(stream, (times = []));
    while (times.length && times[0] <= now - 1000) times.shift();
    if (times.length >= this.cfg.maxStatesPerSecond) return false;
    times.push(now);
    return true;
  }

  /** A state for every client: sent now if the client keeps up and is under the rate, else kept as its latest. */
  broadcastState(m: StateMessage): void {
    const now = performance.now();
    for (const c of this.clients) {
      if (c.ws.bufferedAmount > this.cfg.bufferLimitBytes || !this.admit(c, m.stream, now)) {
        c.pending.set(m.stream, m);
        continue;
      }
      c.pending.delete(m.stream);
      this.send(c, m);
    }
  }

  broadcast(m: HealthMessage): void {
    for (const c of this.clients) if (c.ws.bufferedAmount <= this.cfg.bufferLimitBytes) this.send(c, m);
  }

  /** Binary preview (grey bytes) to the clients watching that stream. */
  sendPreview(stream: string, index: number, width: number, height: number, grey: Uint8Array): void {
    let msg: Buffer | null = null;
    for (const c of this.clients) {
      if (!c.previews.has(stream) || c.ws.bufferedAmount > this.cfg.bufferLimitBytes) continue;
      if (!msg) {
        msg = Buffer.allocUnsafe(PREVIEW_HEADER_BYTES + grey.length);
        msg[0] = index;
        msg.writeUInt16BE(width, 1);
        msg.writeUInt16BE(height, 3);
        msg.set(grey, PREVIEW_HEADER_BYTES);
      }
      c.ws.send(msg);
    }
  }

  /** Send held-back latest states to clients that have drained. */
  private flush(): void {
    const now = performance.now();
    for (const c of this.clients) {
      if (!c.pending.size || c.ws.bufferedAmount > this.cfg.bufferLimitBytes) continue;
      for (const [stream, m] of c.pending) {
        if (!this.admit(c, stream, now)) continue;
        c.pending.delete(stream);
        this.send(c, m);
      }
    }
  }

  /** Ping everyone; terminate those that did not answer the last ping. */
  private heartbeat(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const c of this.clients) c.ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
