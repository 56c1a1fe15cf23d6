/**
 * The server's configuration: one typed section per stage with defaults, units and bounds, validated once
 * at start-up with every problem reported together.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { captureSchema } from './capture.js';
import { inferenceSchema } from './inference.js';
import { temporalSchema } from './temporal.js';
import { teachSchema } from './teach.js';
import { autoCaptureSchema } from './auto-capture.js';
import { MAX_CLIENT_MESSAGE_BYTES } from '../protocol.js';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export const transportSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  token: z.string().min(8, 'must be at least 8 characters').optional(),
  allowOrigins: z.array(z.string().url('must be an origin such as http://host:port')).default([]),
  /** Host header values to answer besides the listen address and loopback (a name the server is reached by). */
  allowHosts: z.array(z.string().regex(/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i, 'must be host or host:port')).default([]),
  /** Largest client message, bytes (a bigger one closes the connection with 1009). */
  maxMessageBytes: z.number().int().min(256).max(1024 * 1024).default(MAX_CLIENT_MESSAGE_BYTES),
  /** Client messages per second per connection (bursts up to one second's worth). */
  maxMessagesPerSecond: z.number().int().min(1).max(1000).default(50),
  /** Connected dashboard clients at most. */
  maxClients: z.number().int().min(1).max(10000).default(64),
  /** Ping interval; a client that misses one is terminated, s. */
  heartbeatS: z.number().min(1).max(120).default(10),
  maxStatesPerSecond: z.number().min(1).max(60).default(30),
  bufferLimitBytes: z.number().int().min(1024).default(256 * 1024),
  staticDir: z.string().default(fileURLToPath(new URL('../../dashboard/dist', import.meta.url))),
  /**
   * Preview images of every stream to the dashboard clients that select it ('on', the default: the image is
   * what a sonographer looks at), or to none ('off', e.g. when the dashboard is watched beyond the scanning room).
   */
  preview: z.enum(['on', 'off']).default('on'),
});

export const supervisorSchema = z.object({
  /** A live source with no frame for this long is stale and restarted, s. */
  staleAfterS: z.number().min(0.5).max(120).default(2),
  /** A starting source has this long to deliver its first frame before it is restarted, s. */
  firstFrameTimeoutS: z.number().min(1).max(300).default(20),
  /** First restart delay and its cap, s; the random spread of each delay, 0-1. */
  backoffBaseS: z.number().min(0.05).max(60).default(0.25),
  backoffCapS: z.number().min(0.1).max(600).default(30),
  jitter: z.number().min(0).max(1).default(0.2),
  maxFailures: z.number().int().min(1).max(1000).default(20),
});

export const phantomSchema = z.object({
  seed: z.coerce.number().int().min(0).default(1),
  fps: z.coerce.number().int().min(1).max(120).default(30),
  tourSeconds: z.coerce.number().min(15).max(3600).default(150),
});

export const serveSchema = z
  .object({
    sources: z.array(z.string().min(1)).min(1, 'give at least one --source').default(['sim:tour']),
    transport: transportSchema.default(transportSchema.parse({})),
    capture: captureSchema.default(captureSchema.parse({})),
    inference: inferenceSchema.default(inferenceSchema.parse({})),
    temporal: temporalSchema.default(temporalSchema.parse({})),
    supervisor: supervisorSchema.default(supervisorSchema.parse({})),
    phantom: phantomSchema.default(phantomSchema.parse({})),
    teach: teachSchema.default(teachSchema.parse({})),
    autoCapture: autoCaptureSchema.default(autoCaptureSchema.parse({})),
  })
  .refine((c) => LOOPBACK.includes(c.transport.host) || c.transport.token !== undefined, {
    message: 'listening beyond this machine needs --token (the API would otherwise be open to the network)',
    path: ['token'],
  });

export type ServeConfig = z.infer<typeof serveSchema>;
