/** Worker thread entry: fits taught heads for server/teach/head-fitter.ts, off the server's event loop. */
import { answerCalls } from '../ts-worker.js';
import { fitHead, type Head } from './head.js';
import type { FitRequest } from './head-fitter.js';

answerCalls<FitRequest, Head>(({ features, labels, dim, gateDim }) => fitHead(features, labels, dim, { gateDim }));
