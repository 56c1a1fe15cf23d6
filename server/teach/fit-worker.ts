/** Worker thread entry: fits taught heads for server/teach/head-fitter.ts, off the server's event loop. */
import { parentPort } from 'node:worker_threads';
import { fitHead } from './head.js';
import type { FitRequest, FitReply } from './head-fitter.js';

parentPort!.on('message', ({ id, embeddings, labels, dim }: FitRequest) => {
  let reply: FitReply;
  try {
    reply = { id, head: fitHead(embeddings, labels, dim) };
  } catch (e) {
    reply = { id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
