/**
 * Worker threads that run TypeScript modules: the worker registers tsx's loader first, as bin/echolive.js
 * does for the main thread, so no build step is needed. A shared leaf: it imports nothing from the stages.
 * WorkerCalls and answerCalls give such a worker one request-and-answer channel.
 */
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';

/** Start a worker running the TypeScript module at `url` (a file URL). */
export function tsWorker(url: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** A request to a worker started by WorkerCalls, and its answer. */
export interface CallRequest<Req> { id: number; req: Req }
export type CallReply<Res> = { id: number; res: Res } | { id: number; error: string };

/**
 * Calls answered by one worker thread (a module that hands its function to `answerCalls`), started at the first
 * call and kept for the next ones, off the server's event loop. A worker that dies fails what it was doing; the
 * next call starts a new one. `close` ends it.
 */
export class WorkerCalls<Req, Res> {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();

  /** `url`: the worker module; `what`: its name in the error when it exits. */
  constructor(private readonly url: URL, private readonly what: string) {}

  call(req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.start().postMessage({ id, req } satisfies CallRequest<Req>);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = tsWorker(this.url);
    w.on('message', (r: CallReply<Res>) => {
      const p = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if ('res' in r) p?.resolve(r.res);
      else p?.reject(new Error(r.error));
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => this.worker === w && fail(new Error(`${this.what} exited with code ${code}`)));
    w.unref();
    return (this.worker = w);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}

/** In a worker thread: answer WorkerCalls' requests with `fn` (its errors answered as their message). */
export function answerCalls<Req, Res>(fn: (req: Req) => Res | Promise<Res>): void {
  parentPort!.on('message', async ({ id, req }: CallRequest<Req>) => {
    let reply: CallReply<Res>;
    try {
      reply = { id, res: await fn(req) };
    } catch (e) {
      reply = { id, error: (e as Error).message };
    }
    parentPort!.postMessage(reply);
  });
}
