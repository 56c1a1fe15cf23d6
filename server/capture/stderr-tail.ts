import { redactCredentials } from './redact.js';

/** Keeps the last lines of a child's stderr for error messages and health reports, with URL passwords hidden. */
export class StderrTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly keep = 20) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) this.lines.push(redactCredentials(p.trim()));
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  tail(): string[] {
    return this.partial.trim() ? [...this.lines, redactCredentials(this.partial.trim())] : [...this.lines];
  }

  lastLine(): string {
    const t = this.tail();
    return t[t.length - 1] ?? '';
  }
}
