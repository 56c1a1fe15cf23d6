/** Worker thread entry: fits taught heads for server/teach/head-fitter.ts, off the server's event loop. */
import { parentPort } from 'node:worker_threads';
import { fitHead } from './head.js';
import type { FitRequest, FitReply } from './head-fitter.js';

parentPort!.on('message', ({ id, features, labels, dim, gateDim }: FitRequest) => {
  let reply: FitReply;
  try {
    reply = { id, head: fitHead(features, labels, dim, { gateDim }) };
  } catch (e) {
    reply = { id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
