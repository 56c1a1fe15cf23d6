import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { PNG } from 'pngjs';
import { FIXTURES, expectUsageError, runCli } from './helpers/cli.js';
import { EXPLICIT_LE, JPEG_BASELINE, writeCine } from './helpers/dicom.js';
import { VIEW_IDS } from '../server/views.js';
import { Phantom } from '../server/phantom/phantom.js';
import { rgbToGrey } from '../server/frames.js';
import { testCardClip } from './helpers/test-card.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-classify-'));

describe('echolive classify', () => {
  it.each(VIEW_IDS.map((v) => [v]))('classifies the %s fixture clip as its view', async (view) => {
    const r = await runCli(['classify', join(FIXTURES, `${view}.mp4`), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ frames: 45, fps: 30, view });
    expect(out.confidence).toBeGreaterThan(0.8);
    expect(out.timeline.at(-1)).toMatchObject({ view });
    expect(out.unfamiliar).toBe(0);
  });

  it('calls a clip of a test card an unfamiliar image, not "no standard view"', async () => {
    const clip = testCardClip(1.5);
    const json = JSON.parse((await runCli(['classify', clip, '--json'])).stdout);
    expect(json).toMatchObject({ view: null });
    expect(json.unfamiliar).toBeGreaterThan(0.5);
    expect((await runCli(['classify', clip])).stdout).toMatch(/mptestsrc\.mp4: unfamiliar image \(is this an echo screen\?\), 45 frames/);
  });

  it('gives one frame for a still, classified through the smoother', async () => {
    const ph = new Phantom(31, 640, 480);
    const f = ph.frame(ph.canonical('plax'), 0.3);
    const png = new PNG({ width: 640, height: 480 });
    for (let i = 0; i < 640 * 480; i++) png.data.set([f.rgb[i * 3], f.rgb[i * 3 + 1], f.rgb[i * 3 + 2], 255], i * 4);
    writeFileSync(join(tmp, 'plax.png'), PNG.sync.write(png));
    const r = await runCli(['classify', join(tmp, 'plax.png'), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ frames: 1, view: 'plax' });
  });

  it.each([[EXPLICIT_LE, 'uncompressed'], [JPEG_BASELINE, 'JPEG baseline']])('classifies a phantom cine in a %s DICOM (%s)', async (ts) => {
    const ph = new Phantom(41, 480, 360);
    const frames = Array.from({ length: 20 }, (_, i) => Uint8Array.from(rgbToGrey(ph.frame(ph.canonical('a4c'), i / 25).rgb, 480, 360).data));
    const file = join(tmp, `a4c-${ts}.dcm`);
    writeCine(file, frames, 480, 360, ts, 25);
    const r = await runCli(['classify', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ frames: 20, fps: 25, view: 'a4c' });
  });

  it('classifies two seconds of a phantom source offline', async () => {
    const r = await runCli(['classify', 'sim:a3c', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ input: 'sim:a3c', frames: 60, fps: 30, view: 'a3c' });
  });

  it('reads the human summary with the provider line', async () => {
    const r = await runCli(['classify', join(FIXTURES, 'a4c.mp4')]);
    expect(r.stdout).toMatch(/a4c\.mp4: a4c \(confidence [\d.]+\), 45 frames/);
    expect(r.stderr).toMatch(/^inference: cpu \(/);
  });

  it('refuses bad inputs with exit 2 and one line naming the input and the reason', async () => {
    const text = join(tmp, 'notes.txt');
    writeFileSync(text, 'this is not a video\n');
    const trunc = join(tmp, 'trunc.mp4');
    writeFileSync(trunc, readFileSync(join(FIXTURES, 'a4c.mp4')).subarray(0, 40_000));
    const j2k = join(tmp, 'j2k.dcm');
    writeCine(j2k, [new Uint8Array(64 * 48)], 64, 48, '1.2.840.10008.1.2.4.91');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const cases: Array<[string[], RegExp]> = [
      [['classify', join(tmp, 'missing.mp4')], /missing\.mp4: no such file$/],
      [['classify', text], /notes\.txt: a text file, not a video, image or DICOM$/],
      [['classify', trunc], /trunc\.mp4: truncated or corrupt MP4 \(moov atom not found\)/],
      [['classify', j2k], /j2k\.dcm: unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.91 \(JPEG 2000\)/],
      [['classify', `tcp://127.0.0.1:${port}`, '--timeout', '3'], /tcp:\/\/127\.0\.0\.1:\d+: connection refused/],
      [['classify', `udp://127.0.0.1:${port}`, '--timeout', '2'], /udp:\/\/127\.0\.0\.1:\d+: no frames for 2 s \(silent or unreachable source\)/],
      [['classify', 'srt://127.0.0.1:9', '--timeout', '2'], /srt:\/\/127\.0\.0\.1:9: this ffmpeg has no SRT support: set FFMPEG_PATH/],
      [['classify', join(FIXTURES, 'a4c.mp4'), '--device', 'tpu'], /--device: must be one of auto, cpu, webgpu, cuda, tensorrt/],
      [['classify', join(FIXTURES, 'a4c.mp4'), '--model', join(tmp, 'nope.onnx')], /nope\.onnx: model file not found/],
      [['classify'], /give an input/],
    ];
    for (const [args, re] of cases) expectUsageError(await runCli(args), re);
  });

  it('refuses a model without its card', async () => {
    const m = join(tmp, 'lonely.onnx');
    copyFileSync(new URL('../models/echolive-view.onnx', import.meta.url).pathname, m);
    expectUsageError(await runCli(['classify', join(FIXTURES, 'a4c.mp4'), '--model', m]), /no model card beside it/);
  });
});
