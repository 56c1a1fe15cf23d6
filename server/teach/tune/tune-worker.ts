/** Worker thread entry: fine-tunes for server/teach/tune/tune-thread.ts, off the server's event loop. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { answerCalls } from '../../ts-worker.js';
import { type TuneRequest, tuneModel } from './tune-thread.js';
import type { TuneResult } from './tuner.js';

/** The tuning thread's niceness: the server's own thread (inference, publishing) goes first; it shares with the decoders (capture.nice, 10). */
const NICE = 10;
try {
  // Linux renices one thread by its own id (/proc/thread-self -> <pid>/task/<tid>); elsewhere the tuning keeps the process's.
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), NICE);
} catch {
  // not Linux: nothing to lower
}

answerCalls<TuneRequest, TuneResult>(tuneModel);
