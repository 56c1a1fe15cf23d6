/**
 * The dashboard in a real headless Chromium (Debian's, driven by playwright-core; nothing is downloaded),
 * against the real server. Screenshots go to a temporary folder, or to $ECHOLIVE_SCREENSHOTS when set
 * (`npm run docs:screenshots` refreshes docs/screenshots/ that way): tests never change tracked files.
 * Every wait is for an event, with a generous limit that only guards against a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIXTURES, ROOT } from './helpers/cli.js';
import { startServer } from './helpers/server.js';
import { testCardClip } from './helpers/test-card.js';
import type { Composed } from '../server/main.js';
import { overlayTests } from './helpers/overlay-e2e.js';
import { captureTests } from './helpers/capture-e2e.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.ECHOLIVE_SCREENSHOTS ? join(ROOT, process.env.ECHOLIVE_SCREENSHOTS) : mkdtempSync(join(tmpdir(), 'echolive-shots-'));
/** Where the capture test's exports go. */
const CAPTURES = mkdtempSync(join(tmpdir(), 'echolive-captures-'));
/** Hang guards, ms: a busy machine may be many times slower than an idle one. */
const WAIT = 120_000;
const TOUR_WAIT = 600_000;
if (!existsSync(CHROMIUM)) console.warn(`dashboard e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('dashboard in Chromium', () => {
  let app: Composed;
  let browser: Browser;
  let page: Page;
  // s4 is a file that does not exist: its tile says so while the others carry on.
  const sources = [`${join(FIXTURES, 'a4c.mp4')}#loop`, 'sim:tour', 'sim:interactive', join(FIXTURES, 'missing.mp4')];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startServer(sources, { phantom: { tourSeconds: 45, fps: 20 }, autoCapture: { root: CAPTURES } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const viewName = () => page.getByTestId('view-name').first();

  it('shows the view name and a hint that follow the stream', async () => {
    await page.goto(`${app.url}/?stream=s1`);
    await expect.poll(() => viewName().getAttribute('data-view'), { timeout: WAIT }).toBe('a4c');
    await expect.poll(() => viewName().textContent(), { timeout: WAIT }).toBe('Apical 4-chamber');
    await page.getByTestId('target-select').selectOption('a2c');
    await expect.poll(() => page.getByTestId('hint').getAttribute('data-kind'), { timeout: WAIT }).toBe('move');
    expect(await page.getByTestId('hint').textContent()).toMatch(/Rotate about 60-90° counter-clockwise/);
    await page.screenshot({ path: join(SHOTS, 'overlay-hint.png') });
    await page.getByTestId('target-select').selectOption('a4c');
    await expect.poll(() => page.getByTestId('hint').getAttribute('data-kind'), { timeout: WAIT }).toBe('hold');
    expect(await page.getByTestId('top3').textContent()).toMatch(/Apical 4-chamber/);
    await expect.poll(async () => (await page.getByTestId('perf').textContent()) ?? '', { timeout: WAIT }).toMatch(/fps/);
    await page.screenshot({ path: join(SHOTS, 'overlay.png') });
  }, 600_000);

  it('shows the quality meter for the phantom\'s held view, and none for a real source while the card says phantom only', async () => {
    await page.goto(`${app.url}/?stream=s2`);
    await expect.poll(() => page.getByTestId('quality').getAttribute('data-score'), { timeout: TOUR_WAIT, interval: 250 }).toMatch(/^\d+$/);
    expect((await page.getByTestId('quality').textContent())?.trim()).toMatch(/^Quality \d+/);
    await page.goto(`${app.url}/?stream=s1`);
    await expect.poll(() => viewName().getAttribute('data-view'), { timeout: WAIT }).toBe('a4c');
    expect(await page.getByTestId('quality').count()).toBe(0);
  }, 1_200_000);

  it('ticks a focused protocol checklist as the phantom tour passes each view', async () => {
    await page.goto(`${app.url}/?stream=s2#trainer`);
    await page.getByTestId('protocol-select').selectOption('focused');
    await page.getByTestId('start-session').click();
    const row = (v: string) => page.locator(`[data-testid="checklist"] tr[data-view="${v}"]`);
    for (const v of ['plax', 'psax-mid', 'a4c', 'sub-4c', 'sub-ivc']) {
      await expect.poll(() => row(v).getAttribute('data-status'), { timeout: TOUR_WAIT, interval: 250 }).toBe('done');
    }
    expect(await page.getByTestId('score').textContent()).toMatch(/5\/5 views .* complete/);
    await expect.poll(() => page.getByTestId('preview').getAttribute('data-frames'), { timeout: WAIT }).not.toBe('0');
    await page.screenshot({ path: join(SHOTS, 'trainer.png'), fullPage: true });
    await page.getByTestId('stop-session').click();
    await expect.poll(() => page.getByTestId('download-csv').isVisible(), { timeout: WAIT }).toBe(true);
  }, 1_200_000);

  overlayTests({ app: () => app, browser: () => browser, shots: SHOTS, wait: WAIT });
  captureTests({ app: () => app, browser: () => browser, shots: SHOTS, wait: WAIT, captures: CAPTURES });

  it('shows "Unfamiliar image" for a stream of a test card, apart from "No standard view"', async () => {
    const own = await startServer([`${testCardClip(2)}#loop`]);
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await p.goto(`${own.url}/?stream=s1`);
      const head = p.getByTestId('view-name').first();
      // Tone and words read in one go: under load the looping clip can stall between two reads ("No image").
      let seen = { tone: '', text: '' };
      await expect.poll(async () => (seen = await head.evaluate((el) => ({ tone: el.getAttribute('data-tone') ?? '', text: el.textContent ?? '' }))).tone,
        { timeout: WAIT }).toBe('unfamiliar');
      expect(seen.text).toBe('Unfamiliar image: is this an echo screen?');
      await p.screenshot({ path: join(SHOTS, 'overlay-unfamiliar.png') });
    } finally {
      await p.close();
      await own.close();
    }
  }, 600_000);

  it('suggests teaching a real source it names no view on, and the suggestion opens the Teach screen', async () => {
    const own = await startServer([`${testCardClip(2)}#loop`], { teach: { suggestAfterS: 1 } });
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await p.goto(`${own.url}/?stream=s1`);
      const link = p.getByTestId('suggest-teach');
      await link.waitFor({ timeout: WAIT });
      expect(await link.textContent()).toContain("teach echolive this machine's views");
      await link.click();
      await p.getByTestId('teach-screen').waitFor({ timeout: WAIT });
    } finally {
      await p.close();
      await own.close();
    }
  }, 600_000);

  it('shows "disconnected" when the server stops and recovers when it is back', async () => {
    await page.goto(`${app.url}/?stream=s1`);
    await expect.poll(() => viewName().getAttribute('data-view'), { timeout: WAIT }).toBe('a4c');
    const port = app.port;
    await app.close();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-status'), { timeout: WAIT }).toBe('disconnected');
    expect(await page.getByTestId('connection').textContent()).toMatch(/Disconnected: retrying/);
    await page.screenshot({ path: join(SHOTS, 'disconnected.png') });
    app = await startServer(sources, { transport: { port }, phantom: { tourSeconds: 45, fps: 20 } });
    await expect.poll(() => page.getByTestId('connection').count(), { timeout: WAIT }).toBe(0);
    await expect.poll(() => viewName().getAttribute('data-view'), { timeout: WAIT }).toBe('a4c');
  }, 600_000);
});
