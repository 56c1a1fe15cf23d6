/** `echolive serve` as a real child process (for what must not take the whole process down). */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from './cli.js';

export interface ServeProcess {
  proc: ChildProcess;
  url: string;
  stderr: () => string;
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** Start `echolive serve --port 0 <args>` and resolve once it prints its address. */
export function spawnServe(args: string[], timeoutMs = 60_000): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  let stderr = '';
  let exited = false;
  proc.stderr!.on('data', (b) => (stderr += b));
  const closed = new Promise<void>((r) => proc.on('close', () => ((exited = true), r())));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (proc.kill('SIGKILL'), reject(new Error(`serve did not start in ${timeoutMs} ms: ${stderr}`))), timeoutMs);
    let out = '';
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /open (http:\/\/\S+?)(\/\?token=\S+)?\n/.exec(out);
      if (!m) return;
      clearTimeout(t);
      resolve({
        proc, url: m[1], stderr: () => stderr, alive: () => !exited,
        stop: async () => {
          if (!exited) proc.kill('SIGTERM');
          await closed;
        },
      });
    });
    proc.on('close', (code) => (clearTimeout(t), reject(new Error(`serve exited with ${code}: ${stderr}`))));
  });
}
