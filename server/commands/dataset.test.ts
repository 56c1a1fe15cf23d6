import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { FIXTURES, expectUsageError, runCli } from '../../test/helpers/cli.js';
import { depthScore } from '../pose.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-ds-'));
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('echolive dataset', () => {
  it('writes frames with a margin around the sector, with labels and a manifest saying where the sector lies', async () => {
    const out = join(tmp, 'a');
    const r = await runCli(['dataset', '--count', '90', '--out', out, '--seed', '4']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({
      format: 'echolive-dataset', version: 2, count: 90, frame: { width: 100, height: 76, dtype: 'uint8' },
      sector: { x: 10, y: 8, width: 80, height: 60 }, margin: 0.125, source: { kind: 'phantom', seed: 4 },
    });
    expect(m.classes).toHaveLength(16);
    expect(readFileSync(join(out, 'frames.u8')).length).toBe(90 * 100 * 76);
    const rows = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('index,label,group,source,quality,off_axis,position');
    expect(rows).toHaveLength(91);
    // Quality targets 0-100 for 2D frames (score no higher than either part), none for Doppler and M-mode.
    for (const r of rows.slice(1).map((l) => l.split(','))) {
      if (['pw', 'cw', 'mmode'].includes(r[1])) expect(r.slice(4)).toEqual(['', '', '']);
      else {
        const [score, angle, position] = r.slice(4).map(Number);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(Math.min(angle, position, 100));
      }
    }
    expect(Object.values(m.perClass as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(90);
  });

  it('writes the same bytes for the same seed whatever the number of workers', async () => {
    await runCli(['dataset', '--count', '60', '--out', join(tmp, 'w1'), '--seed', '8', '--workers', '1']);
    await runCli(['dataset', '--count', '60', '--out', join(tmp, 'w2'), '--seed', '8', '--workers', '2']);
    expect(sha(join(tmp, 'w1', 'frames.u8'))).toBe(sha(join(tmp, 'w2', 'frames.u8')));
    expect(sha(join(tmp, 'w1', 'labels.csv'))).toBe(sha(join(tmp, 'w2', 'labels.csv')));
  });

  it('with --degrade moves some 2D frames off their view and images some too deep, scoring them lower, and keeps every other frame\'s pose and label', async () => {
    const plain = join(tmp, 'plain'), degraded = join(tmp, 'degraded');
    await runCli(['dataset', '--count', '80', '--out', plain, '--seed', '6']);
    expect((await runCli(['dataset', '--count', '80', '--out', degraded, '--seed', '6', '--degrade', '0.5'])).code).toBe(0);
    const read = (d: string) => readFileSync(join(d, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const [a, b] = [read(plain), read(degraded)];
    const deeper = b.filter((r) => /deeper=\d+/.test(r[3]));
    expect(deeper.length).toBeGreaterThan(5);
    // A frame imaged too deep scores no more than its depth allows, nor than its pose's parts.
    for (const r of deeper) {
      const [score, angle, position] = r.slice(4).map(Number);
      expect(score).toBeCloseTo(Math.min(angle, position, depthScore(Number(/deeper=(\d+)/.exec(r[3])![1]))), 0);
    }
    expect(b.some((r, i) => Number(r[4]) < Number(a[i][4]) && !/deeper/.test(r[3]))).toBe(true); // moved part-way
    // Every frame keeps its kind, time and place in the set; off-body, blank, Doppler and M-mode frames keep their label.
    expect(b.map((r) => r[3].replace(/;deeper=\d+/, ''))).toEqual(a.map((r) => r[3]));
    const untouched = a.map((_, i) => i).filter((i) => !/kind=(standard|transitional)/.test(a[i][3]) || ['pw', 'cw', 'mmode'].includes(a[i][1]));
    expect(untouched.length).toBeGreaterThan(5);
    for (const i of untouched) expect(b[i][1]).toBe(a[i][1]);
    expect(JSON.parse(readFileSync(join(degraded, 'manifest.json'), 'utf8')).source.degrade).toBe(0.5);
  });

  it('writes steady clips of one view each for clip-level evaluation', async () => {
    const out = join(tmp, 'clips');
    await runCli(['dataset', '--count', '60', '--clip-seconds', '1', '--fps', '10', '--out', out]);
    const rows = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['clip-0', 'clip-1', 'clip-2', 'clip-3', 'clip-4', 'clip-5']));
    expect(rows.filter((r) => r[2] === 'clip-0').every((r) => r[1] === 'plax')).toBe(true);
  });

  it('stores the sector at the size asked for, for a larger model input', async () => {
    const out = join(tmp, 'big');
    expect((await runCli(['dataset', '--count', '5', '--out', out, '--size', '128x96', '--margin', '0.25'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ frame: { width: 192, height: 144 }, sector: { x: 32, y: 24, width: 128, height: 96 } });
    expect(readFileSync(join(out, 'frames.u8')).length).toBe(5 * 192 * 144);
  });

  it.each([
    [['--count', '10', '--out', 'x', '--size', '80'], /--size: expected WIDTHxHEIGHT/],
    [['--count', '10', '--out', 'x', '--margin', '0.9'], /--margin: must be at most 0.5/],
    [['--count', '0', '--out', 'x'], /--count: must be at least 1/],
    [['--count', 'many', '--out', 'x'], /--count: /],
    [['--count', '10'], /--out: is required/],
    [['--count', '10', '--out', 'x', '--workers', '0'], /--workers: must be at least 1/],
    [['--count', '10', '--out', 'x', '--degrade', '0.8'], /--degrade: must be at most 0.5/],
  ])('refuses %j with exit 2 and one line', async (args, re) => {
    expectUsageError(await runCli(['dataset', ...args]), re);
  });
});

describe('echolive dataset import', () => {
  it('turns folders of labelled clips and stills into the dataset format', async () => {
    const src = join(tmp, 'scans');
    mkdirSync(join(src, 'a4c'), { recursive: true });
    mkdirSync(join(src, 'plax'), { recursive: true });
    copyFileSync(join(FIXTURES, 'a4c.mp4'), join(src, 'a4c', 'clip1.mp4'));
    copyFileSync(join(FIXTURES, 'plax.mp4'), join(src, 'plax', 'clip2.mp4'));
    writeFileSync(join(src, 'plax', 'notes.md'), 'ignored');
    const out = join(tmp, 'imported');
    const r = await runCli(['dataset', 'import', src, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ count: 90, version: 2, frame: { width: 100, height: 76 }, source: { kind: 'import', files: 2 }, perClass: { a4c: 45, plax: 45 } });
    expect(readFileSync(join(out, 'frames.u8')).length).toBe(90 * 100 * 76);
  });

  it.each([
    [[join(tmp, 'nowhere'), '--out', 'x'], /not a directory/],
    [[FIXTURES, '--out', 'x'], /no images, videos or DICOMs in view folders/],
  ])('refuses %j with exit 2 and one line', async (args, re) => {
    expectUsageError(await runCli(['dataset', 'import', ...args]), re);
  });

  it('names folders that are not view ids', async () => {
    const src = join(tmp, 'bad');
    mkdirSync(join(src, 'apical4'), { recursive: true });
    expectUsageError(await runCli(['dataset', 'import', src, '--out', join(tmp, 'o')]), /folders apical4 are not view ids/);
  });
});
