/**
 * The Host header check that stops DNS rebinding: a page on evil.example whose name was re-pointed at
 * 127.0.0.1 sends "Host: evil.example:8080", which is not one of our names, so it is refused.
 */
import { hostname, networkInterfaces } from 'node:os';

const WILDCARD = ['0.0.0.0', '::', ''];
const bracket = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

/**
 * Host header values (host:port, lower case) the server answers to: its listen address, the loopback names,
 * and, when listening on every interface, this machine's addresses and name; plus any configured extras
 * (given as host or host:port; a bare host is allowed on the server's port).
 */
export function allowedHosts(listenHost: string, port: number, extra: string[], wildcardNames: () => string[] = machineNames): Set<string> {
  const names = [listenHost, 'localhost', '127.0.0.1', '::1', ...(WILDCARD.includes(listenHost) ? wildcardNames() : [])];
  const out = new Set<string>();
  for (const n of names.filter((x) => !WILDCARD.includes(x))) out.add(`${bracket(n.toLowerCase())}:${port}`);
  for (const e of extra) out.add(/:\d+$/.test(e) ? e.toLowerCase() : `${bracket(e.toLowerCase())}:${port}`);
  return out;
}

/** Whether a request's Host header names this server (a missing port means 80). */
export function hostAllowed(header: string | undefined, allowed: Set<string>): boolean {
  if (!header) return false;
  const h = header.trim().toLowerCase();
  return allowed.has(/:\d+$/.test(h) ? h : `${h}:80`);
}

function machineNames(): string[] {
  const addrs = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address));
  return [hostname(), ...addrs];
}
