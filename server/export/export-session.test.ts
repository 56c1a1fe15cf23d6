import { describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import jpeg from 'jpeg-js';
import { mkdtempSync, readFileSync, readdirSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportClips, type ExportClip } from './export-session.js';
import { clipMp4Args } from './clip-args.js';
import { openDicomCine } from '../capture/dicom.js';
import { spawnSync } from 'node:child_process';
import { ffmpegPath } from '../capture/ffmpeg-path.js';
import { inputLimitsSchema } from '../config/limits.js';
import type { CaptureFrame } from '../pipeline/auto-capture.js';
import type { ViewId } from '../views.js';

const limits = inputLimitsSchema.parse({});
/** A bright square moving right over a dark field, frame i of a w x h clip. */
const picture = (w: number, h: number, i: number) => {
  const g = new Uint8Array(w * h).fill(20);
  for (let y = h / 4; y < h / 2; y++) for (let x = 4 * i; x < 4 * i + 20 && x < w; x++) g[Math.floor(y) * w + x] = 220;
  return g;
};
const rgbaOf = (g: Uint8Array) => {
  const out = Buffer.alloc(g.length * 4);
  for (let i = 0; i < g.length; i++) out.fill(g[i], i * 4, i * 4 + 3), (out[i * 4 + 3] = 255);
  return out;
};

/** A 2 s clip at 30 fps: JPEG frames (as a #fullres source keeps them) or grey analysis frames. */
function clip(view: ViewId, kind: 'jpeg' | 'grey', w: number, h: number): ExportClip {
  const frames: CaptureFrame[] = Array.from({ length: 61 }, (_, i) => {
    const g = picture(w, h, i);
    return kind === 'jpeg' ? { time: 1000 + (i * 1000) / 30, jpeg: jpeg.encode({ data: rgbaOf(g), width: w, height: h }, 90).data } : { time: 1000 + (i * 1000) / 30, grey: { data: g, width: w, height: h } };
  });
  return { clip: { view, start: 1000, end: 3000, quality: 88, frames, bytes: 0, thumb: null }, width: w, height: h, capturedAt: Date.UTC(2026, 10, 29, 10, 0, 0) };
}

/** Decode a video with ffmpeg: its frame count and size as stored. */
function probe(path: string): { n: number; width: number; height: number; codec: string } {
  const r = spawnSync(ffmpegPath(), ['-hide_banner', '-nostdin', '-i', path, '-map', '0:v', '-f', 'null', '-'], { encoding: 'utf8' });
  const v = /Video: (\w+).*?, (\d+)x(\d+)/.exec(r.stderr)!;
  return { n: Number([...r.stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)![1]), width: Number(v[2]), height: Number(v[3]), codec: v[1] };
}

describe('capture export', () => {
  it('writes each view as an MP4 and a DICOM multi-frame ultrasound file that read back with dcmjs and ffmpeg', async () => {
    const root = mkdtempSync(join(tmpdir(), 'echolive-captures-'));
    const clips = [clip('plax', 'jpeg', 161, 121), clip('a4c', 'grey', 320, 240)];
    const r = await exportClips(root, clips, { stream: 's1', folder: 'exam-1/today', patient: { name: 'Doe^Jane', id: 'MRN-42' }, formats: ['mp4', 'dicom'] });
    expect(r.folder).toBe('exam-1/today');
    expect(r.files).toEqual(['01-plax.mp4', '01-plax.dcm', '02-a4c.mp4', '02-a4c.dcm']);
    expect(readdirSync(join(root, r.folder)).sort()).toEqual([...r.files].sort());

    const ds = r.files.filter((f) => f.endsWith('.dcm')).map((f) => {
      const b = readFileSync(join(root, r.folder, f));
      const dict = dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      return { meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta), ...dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) };
    });
    expect(ds.map((d) => d.SeriesDescription)).toEqual(['Parasternal long axis', 'Apical 4-chamber']);
    // Full-resolution JPEG frames stay JPEG; grey analysis frames are kept uncompressed.
    expect(ds.map((d) => [d.meta.TransferSyntaxUID, d.PhotometricInterpretation])).toEqual([['1.2.840.10008.1.2.4.50', 'YBR_FULL_422'], ['1.2.840.10008.1.2.1', 'MONOCHROME2']]);
    expect(ds[0].PixelData).toHaveLength(61);
    for (const d of ds) {
      expect(d.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.3.1');
      expect(d.PatientName).toEqual([{ Alphabetic: 'Doe^Jane' }]);
      expect(d.PatientID).toBe('MRN-42');
      expect(Number(d.NumberOfFrames)).toBe(61);
      expect(d.SOPInstanceUID).toMatch(/^2\.25\.\d+$/);
    }
    expect(ds[0].StudyInstanceUID).toBe(ds[1].StudyInstanceUID);
    expect(ds[0].SeriesInstanceUID).not.toBe(ds[1].SeriesInstanceUID);
    expect([ds[0].Columns, ds[0].Rows, ds[1].Columns, ds[1].Rows]).toEqual([161, 121, 320, 240]);

    // The project's own DICOM reader decodes every frame of both; the moving square is where it was drawn.
    for (const [file, w, h] of [['01-plax.dcm', 161, 121], ['02-a4c.dcm', 320, 240]] as const) {
      const cine = await openDicomCine(file, join(root, r.folder, file), limits);
      expect(cine.count).toBe(61);
      expect(cine.fps).toBeCloseTo(30, 0);
      const f = cine.frame(10);
      expect([f.width, f.height]).toEqual([w, h]);
      expect(f.data[Math.floor(h * 0.375) * w + 50]).toBeGreaterThan(180);
      expect(f.data[Math.floor(h * 0.75) * w + 50]).toBeLessThan(60);
    }

    // ffmpeg reads the MP4s back: every frame, the size made even for H.264.
    expect(probe(join(root, r.folder, '01-plax.mp4'))).toEqual({ n: 61, width: 160, height: 120, codec: 'h264' });
    expect(probe(join(root, r.folder, '02-a4c.mp4'))).toEqual({ n: 61, width: 320, height: 240, codec: 'h264' });
  }, 120_000);

  it('refuses a folder that already holds files, and one that leads outside the captures root through a link', async () => {
    const root = mkdtempSync(join(tmpdir(), 'echolive-captures-'));
    const outside = mkdtempSync(join(tmpdir(), 'echolive-outside-'));
    symlinkSync(outside, join(root, 'escape'));
    const one = [clip('plax', 'grey', 64, 48)];
    const req = { stream: 's1', patient: {}, formats: ['dicom' as const] };
    await expect(exportClips(root, one, { ...req, folder: 'escape/x' })).rejects.toThrow("export folder 'escape/x' leads outside the captures root");
    expect(readdirSync(outside)).toEqual([]);
    await exportClips(root, one, { ...req, folder: 'done' });
    await expect(exportClips(root, one, { ...req, folder: 'done' })).rejects.toThrow("export folder 'done' already holds files; choose another");
    await expect(exportClips(root, one, { ...req, folder: '../up' })).rejects.toThrow('not a plain folder name under the captures root');
    mkdirSync(join(root, 'empty'));
    expect((await exportClips(root, one, { ...req, folder: 'empty' })).files).toEqual(['01-plax.dcm']);
  });

  it('names an anonymous patient Anonymous and picks a new default folder each time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'echolive-captures-'));
    const one = [clip('a2c', 'grey', 64, 48)];
    const a = await exportClips(root, one, { stream: 's2', patient: {}, formats: ['dicom'] });
    const b = await exportClips(root, one, { stream: 's2', patient: {}, formats: ['dicom'] });
    expect(a.folder).toMatch(/^s2-\d{8}-\d{6}$/);
    expect(b.folder).not.toBe(a.folder);
    const buf = readFileSync(join(root, a.folder, '01-a2c.dcm'));
    const d = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
    expect([d.PatientName, d.PatientID]).toEqual([[{ Alphabetic: 'Anonymous' }], 'ANONYMOUS']);
  });

  it('builds ffmpeg arguments that read piped JPEGs or grey frames at the clip rate and write even-sized H.264', () => {
    const a = clipMp4Args({ kind: 'jpeg' }, 29.97, '/x/01-plax.mp4');
    expect(a.slice(a.indexOf('-f'), a.indexOf('-i') + 2)).toEqual(['-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', '29.970', '-i', 'pipe:0']);
    expect(a).toContain('libx264');
    expect(a.at(-1)).toBe('/x/01-plax.mp4');
    const g = clipMp4Args({ kind: 'grey', width: 320, height: 240 }, 30, '/x/02-a4c.mp4');
    expect(g.slice(g.indexOf('-f'), g.indexOf('-i') + 2)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '320x240', '-framerate', '30.000', '-i', 'pipe:0']);
  });
});
