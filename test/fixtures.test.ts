import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './helpers/cli.js';
import { VIEW_IDS } from '../server/views.js';

describe('fixtures', () => {
  it('hold a short clip of every view and a tour with its truth, under 10 MB together', () => {
    const files = readdirSync(FIXTURES);
    for (const v of VIEW_IDS) expect(files).toContain(`${v}.mp4`);
    const total = files.reduce((a, f) => a + statSync(join(FIXTURES, f)).size, 0);
    expect(total).toBeLessThan(10 * 1024 * 1024);
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'tour.mp4.truth.json'), 'utf8'));
    expect(truth).toMatchObject({ seed: 7, fps: 30, seconds: 36 });
    expect(truth.frames).toHaveLength(36 * 30);
  });
});
