/**
 * The connection to the server: a WebSocket with automatic reconnection (exponential backoff), the latest
 * hello, state per stream, health, and a minute of view history per stream for the strip.
 */
import type { ClientMessage, HealthMessage, HelloMessage, ServerMessage, SessionSummaryMessage, StateMessage, TeachMessage } from '../../../server/protocol';
import { PREVIEW_HEADER_BYTES } from '../../../server/protocol';
import { TIMELINE_MS, type HistoryPoint } from './timeline';

export type { HistoryPoint };

export type Status = 'connecting' | 'connected' | 'disconnected';

/** History kept per stream: what the timeline shows. */
const HISTORY_MS = TIMELINE_MS;

export class Connection {
  status = $state<Status>('connecting');
  hello = $state<HelloMessage | null>(null);
  states = $state<Record<string, StateMessage>>({});
  health = $state<HealthMessage | null>(null);
  history = $state<Record<string, HistoryPoint[]>>({});
  lastError = $state<string | null>(null);
  lastSession = $state<SessionSummaryMessage | null>(null);
  /** Each stream's auto-capture session, as last listed. */
  captures = $state<Record<string, CapturesMessage>>({});
  /** Each stream's teaching status (the reply to this page's teach messages). */
  teach = $state<Record<string, TeachMessage>>({});
  retryInMs = $state(0);
  private ws: WebSocket | null = null;
  private attempts = 0;
  private previewListeners = new Set<(stream: number, w: number, h: number, grey: Uint8Array) => void>();
  private closed = false;
  /** Streams whose preview images this page shows; asked for again after a reconnect. */
  private previews = new Set<string>();

  constructor(private readonly url: string) {
    this.open();
  }

  private open(): void {
    this.status = 'connecting';
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.status = 'connected';
      this.attempts = 0;
      for (const id of this.previews) this.send({ type: 'select', stream: id, preview: true });
    };
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) return this.onPreview(ev.data);
      this.onMessage(JSON.parse(ev.data) as ServerMessage);
    };
    ws.onclose = () => {
      this.ws = null;
      if (this.closed) return;
      this.status = 'disconnected';
      const delay = Math.min(10_000, 250 * 2 ** this.attempts++) * (0.8 + 0.4 * Math.random());
      this.retryInMs = Math.round(delay);
      setTimeout(() => this.open(), delay);
    };
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'hello':
        this.hello = m;
        break;
      case 'state': {
        this.states[m.stream] = m;
        const h = (this.history[m.stream] ??= []);
        const now = Date.now();
        h.push({ t: now, view: m.view, temporal: m.temporal });
        while (h.length && h[0].t < now - HISTORY_MS) h.shift();
        break;
      }
      case 'health':
        this.health = m;
        break;
      case 'error':
        this.lastError = m.error;
        break;
      case 'session':
        this.lastSession = m;
        break;
      case 'captures':
        this.captures[m.stream] = m;
        break;
      case 'teach':
        this.teach[m.stream] = m;
        this.lastError = null;
        break;
    }
  }

  private onPreview(buf: ArrayBuffer): void {
    const b = new Uint8Array(buf);
    const w = (b[1] << 8) | b[2], h = (b[3] << 8) | b[4];
    for (const fn of this.previewListeners) fn(b[0], w, h, b.subarray(PREVIEW_HEADER_BYTES));
  }

  onPreviewFrame(fn: (stream: number, w: number, h: number, grey: Uint8Array) => void): () => void {
    this.previewListeners.add(fn);
    return () => this.previewListeners.delete(fn);
  }

  /**
   * Ask for the preview images of these streams (the ones on screen) and stop those no longer shown. Streams
   * dropped are released first, so a server that sends one stream's previews per client ends on a wanted one.
   */
  watchPreviews(ids: string[]): void {
    const next = new Set(ids);
    for (const id of this.previews) if (!next.has(id)) this.send({ type: 'select', stream: id, preview: false });
    for (const id of next) if (!this.previews.has(id)) this.send({ type: 'select', stream: id, preview: true });
    this.previews = next;
  }

  send(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
  }
}

/** The ws URL for this page, passing ?token= and ?role= (instructor: read-only) through. */
export function wsUrl(loc: Location): string {
  const page = new URLSearchParams(loc.search);
  const q = new URLSearchParams();
  for (const k of ['token', 'role']) if (page.get(k)) q.set(k, page.get(k)!);
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws${q.size ? `?${q}` : ''}`;
}
