import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { socketPipe } from './socket-pipe.js';

describe('socket pipe', () => {
  it("delivers a child's standard output into the reader's own buffer, then closes when the child exits", async () => {
    const into = new Uint8Array(4096);
    const got: number[] = [];
    const { child, read } = await socketPipe({ buffer: into, callback: (n) => (got.push(...into.subarray(0, n)), true) });
    const p = spawn(process.execPath, ['-e', 'process.stdout.write(Buffer.from(Array.from({ length: 10000 }, (_, i) => i % 251)))'], { stdio: ['ignore', child, 'inherit'] });
    child.destroy();
    await new Promise((r) => read.once('close', r));
    expect(await new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', r)))).toBe(0);
    expect(got.length).toBe(10000);
    expect(got.every((v, i) => v === i % 251)).toBe(true);
  });
});
