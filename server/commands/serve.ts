/** `echolive serve`: the live server (validates all configuration at once, then composes the stages). */
import { pino } from 'pino';
import { serveSchema } from '../config/serve.js';
import { validate } from '../config/validate.js';
import { parseSource } from '../capture/source-spec.js';
import { compose } from '../main.js';
import { checkSource } from '../sources.js';

/** Where each command-line flag lands in the configuration (for messages that name the flag). */
const FLAGS: Record<string, string> = {
  sources: '--source', 'transport.host': '--host', 'transport.port': '--port', 'transport.token': '--token', token: '--token',
  'transport.allowOrigins': '--allow-origin', 'transport.allowHosts': '--allow-host', 'transport.preview': '--preview',
  'inference.model': '--model', 'inference.device': '--device', 'inference.threads': '--threads', 'phantom.seed': '--seed',
  'teach.profile': '--profile', 'teach.suggestAfterS': '--suggest-teach-after', 'autoCapture.real': '--auto-capture', 'autoCapture.root': '--captures',
};

export async function serve(raw: Record<string, unknown>): Promise<void> {
  const sources = (raw.source as string[] | undefined) ?? ['sim:tour'];
  const cfg = validate('serve', serveSchema, {
    sources,
    transport: {
      ...(raw.host !== undefined && { host: raw.host }),
      ...(raw.port !== undefined && { port: raw.port }),
      ...(raw.token !== undefined && { token: raw.token }),
      allowOrigins: (raw.allowOrigin as string[] | undefined) ?? [],
      allowHosts: (raw.allowHost as string[] | undefined) ?? [],
      ...(raw.preview !== undefined && { preview: raw.preview }),
    },
    inference: {
      ...(raw.model !== undefined && { model: raw.model }),
      ...(raw.device !== undefined && { device: raw.device }),
      ...(raw.threads !== undefined && { threads: raw.threads }),
    },
    phantom: { ...(raw.seed !== undefined && { seed: raw.seed }) },
    teach: {
      ...(raw.profile !== undefined && { profile: raw.profile }),
      ...(raw.suggestTeachAfter !== undefined && { suggestAfterS: raw.suggestTeachAfter }),
    },
    autoCapture: {
      ...(raw.autoCapture !== undefined && { real: raw.autoCapture }),
      ...(raw.captures !== undefined && { root: raw.captures }),
    },
  }, FLAGS);
  const shown = sources.map((s) => checkSource(parseSource(s)).spec); // every spec is checked before anything starts
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const app = await compose(cfg, log);
  log.info({ url: app.url }, `echolive serving ${shown.join(', ')} at ${app.url}`);
  process.stdout.write(`echolive: open ${app.url}${cfg.transport.token ? `/?token=${cfg.transport.token}` : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
}
