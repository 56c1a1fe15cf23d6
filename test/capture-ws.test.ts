import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Composed } from '../server/main.js';
import type { CapturesMessage, ErrorMessage, HealthMessage, ServerMessage, StateMessage } from '../server/protocol.js';
import { ffmpegPath } from '../server/capture/ffmpeg-path.js';
import { FIXTURES, expectUsageError, runCli } from './helpers/cli.js';
import { Client, startServer, wsUrl } from './helpers/server.js';

const TOKEN = 'capture-secret-1';
const isCaptures = (m: ServerMessage): m is CapturesMessage => m.type === 'captures';
const isError = (m: ServerMessage): m is ErrorMessage => m.type === 'error';

describe('auto-capture over the WebSocket', () => {
  let app: Composed;
  let c: Client;
  const root = mkdtempSync(join(tmpdir(), 'echolive-captures-'));
  beforeAll(async () => {
    app = await startServer(['sim:a4c', `${join(FIXTURES, 'a4c.mp4')}#loop;fullres`], { transport: { token: TOKEN }, autoCapture: { root } });
    c = new Client(wsUrl(app, `?token=${TOKEN}`));
    await c.opened;
  });
  afterAll(async () => {
    c?.close();
    await app?.close();
  });

  /** Send a capture action and wait for its answer (the next captures or error message). */
  const ask = async (m: Record<string, unknown>): Promise<CapturesMessage | ErrorMessage> => {
    const from = c.messages.length;
    c.send({ type: 'capture', ...m });
    return c.waitFor((x): x is CapturesMessage | ErrorMessage => isCaptures(x) || isError(x), 120_000, from);
  };

  it('needs the token like every other message', async () => {
    await expect(new Client(wsUrl(app)).opened).rejects.toThrow('HTTP 401');
  });

  it('is on for the phantom and off for a real source from the start, as state and health say', async () => {
    await c.waitFor((m): m is StateMessage => m.type === 'state' && m.stream === 's1' && m.capture?.on === true);
    await c.waitFor((m): m is StateMessage => m.type === 'state' && m.stream === 's2' && m.capture?.on === false);
    const h = await c.waitFor((m): m is HealthMessage => m.type === 'health');
    expect(h.streams.map((s) => s.capture)).toEqual([true, false]);
  });

  it('keeps a stable view\'s clip, lists it with a thumbnail, and exports it as MP4 and DICOM under the captures root', async () => {
    await c.waitFor((m): m is StateMessage => m.type === 'state' && m.stream === 's1' && (m.capture?.views ?? 0) >= 1);
    // Off, so that no better clip replaces this one before the export (the clips already kept stay).
    const list = await ask({ stream: 's1', action: 'off' });
    if (!isCaptures(list)) throw new Error(list.error);
    expect(list.clips.map((x) => [x.view, x.resolution, x.width, x.height])).toEqual([['a4c', 'analysis', 320, 240]]);
    const clip = list.clips[0];
    expect(clip.quality).toBeGreaterThanOrEqual(70);
    expect(clip.seconds).toBeGreaterThan(2);
    expect(clip.seconds).toBeLessThanOrEqual(2.5);
    expect(Buffer.from(clip.thumb!.grey, 'base64')).toHaveLength(clip.thumb!.width * clip.thumb!.height);
    expect(list.bytes).toBeGreaterThan(0);
    expect(list.bytes).toBeLessThanOrEqual(list.maxBytes);

    const ex = await ask({ stream: 's1', action: 'export', folder: 'exam-7/echo', patient: { name: 'Müller^Anna', id: 'P-77' } });
    if (!isCaptures(ex)) throw new Error(ex.error);
    expect(ex.exported).toEqual({ folder: 'exam-7/echo', files: ['01-a4c.mp4', '01-a4c.dcm'] });
    expect(readdirSync(join(root, 'exam-7/echo')).sort()).toEqual(['01-a4c.dcm', '01-a4c.mp4']);
    const b = readFileSync(join(root, 'exam-7/echo/01-a4c.dcm'));
    const d = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)).dict);
    expect([d.SeriesDescription, d.PatientName, d.PatientID, d.Modality, Number(d.NumberOfFrames)]).toEqual(['Apical 4-chamber', [{ Alphabetic: 'Müller^Anna' }], 'P-77', 'US', clip.frames]);
    const probe = spawnSync(ffmpegPath(), ['-hide_banner', '-nostdin', '-i', join(root, 'exam-7/echo/01-a4c.mp4'), '-map', '0:v', '-f', 'null', '-'], { encoding: 'utf8' });
    expect(probe.stderr).toMatch(/Video: h264.*320x240/);
    expect(Number([...probe.stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)![1])).toBe(clip.frames);
  });

  it('refuses an export folder outside the captures root, and exporting nothing', async () => {
    const out = await ask({ stream: 's1', action: 'export', folder: '../elsewhere' });
    expect(out).toMatchObject({ type: 'error', error: expect.stringContaining('invalid capture message: folder: a folder is up to four names') });
    const abs = await ask({ stream: 's1', action: 'export', folder: '/tmp/x' });
    expect(abs.type).toBe('error');
    const none = await ask({ stream: 's2', action: 'export' });
    expect(none).toEqual({ type: 'error', error: 'capture export on s2: nothing captured yet' });
  });

  it('deletes a session and turns capture off and on per stream', async () => {
    const del = await ask({ stream: 's1', action: 'delete' });
    expect(del).toMatchObject({ type: 'captures', stream: 's1', clips: [], bytes: 0, note: 'deleted 1 view' });
    const off = await ask({ stream: 's1', action: 'off' });
    expect(off).toMatchObject({ on: false, note: 'capture off' });
    await c.waitFor((m): m is HealthMessage => m.type === 'health' && m.streams[0].capture === false);
    const on = await ask({ stream: 's2', action: 'on' });
    expect(on).toMatchObject({ stream: 's2', on: true });
    await c.waitFor((m): m is StateMessage => m.type === 'state' && m.stream === 's2' && m.capture?.on === true);
  });

  it('refuses a bad --auto-capture in one line naming the flag', async () => {
    expectUsageError(await runCli(['serve', '--port', '0', '--auto-capture', 'maybe', '--source', 'sim:a4c']), /--auto-capture: .*"on".*"off"/);
  });
});
