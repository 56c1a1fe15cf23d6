/** Worker thread entry: fine-tunes for server/teach/tune/tune-thread.ts, off the server's event loop. */
import { answerCalls } from '../../ts-worker.js';
import { type TuneRequest, tuneModel } from './tune-thread.js';
import type { TuneResult } from './tuner.js';

answerCalls<TuneRequest, TuneResult>(tuneModel);
