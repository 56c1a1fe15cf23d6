/** Credentials in source URLs (rtsp://user:pass@camera/...) must never reach health, messages or logs. */

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*)(?::[^\s/?#@]*)?@/gi;

/** Replace the password of every URL in `text` (and a bare user name's secret part) with ***: user:***@host. */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user ? `${user}:` : ''}***@`);
}
