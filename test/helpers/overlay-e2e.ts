/**
 * The scanning-room overlay in Chromium, registered inside test/dashboard.e2e.test.ts so that they share its
 * browser and server (sources: s1 a looping A4C clip, s2 the phantom tour, s3 the virtual probe, s4 a file that
 * does not exist). Every
 * figure is measured in the page as Chromium renders it (page-measure.ts) and printed for the README.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Composed } from '../../server/main.js';
import { areaShare, imageCoverage, measureText } from './page-measure.js';

export interface E2eContext {
  app: () => Composed;
  browser: () => Browser;
  shots: string;
  /** Hang guard for waits, ms. */
  wait: number;
}

const SIZES = [[1920, 1080], [1440, 900], [1024, 600]] as const;

export function overlayTests(ctx: E2eContext): void {
  const url = (q: string) => `${ctx.app().url}/${q}`;
  /** A fresh page (its own storage) at a viewport size, closed after `fn`. */
  const withPage = async (w: number, h: number, q: string, fn: (page: Page) => Promise<void>): Promise<void> => {
    const page = await ctx.browser().newPage({ viewport: { width: w, height: h } });
    try {
      await page.goto(url(q));
      await fn(page);
    } finally {
      await page.close();
    }
  };
  /** Until the image has drawn and the view name and a hint toward A2C are up. */
  const ready = async (page: Page) => {
    await expect.poll(() => page.getByTestId('preview').getAttribute('data-frames'), { timeout: ctx.wait }).not.toBe('0');
    await expect.poll(() => page.getByTestId('view-name').getAttribute('data-view'), { timeout: ctx.wait }).not.toBe('');
    await page.getByTestId('target-select').selectOption('a2c');
    await expect.poll(() => page.getByTestId('hint-text').count(), { timeout: ctx.wait }).toBe(1);
    // With auto-capture on (the phantom's default), the held view's clip is kept within seconds: measure the
    // side column at its fullest, thumbnails included.
    if ((await page.getByTestId('capture-toggle').getAttribute('aria-pressed')) === 'true') {
      await expect.poll(() => page.getByTestId('capture-thumbs').count(), { timeout: ctx.wait }).toBe(1);
    }
  };
  const px = (page: Page, testId: string) => page.getByTestId(testId).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

  for (const [w, h] of SIZES) {
    it(`puts the live image first at ${w}x${h}: over half the screen, aspect kept, name and hint at 40 px, all text 24 px and 4.5:1`, async () => {
      await withPage(w, h, '?stream=s3', async (page) => {
        await ready(page);
        const cover = await imageCoverage(page);
        const texts = await measureText(page);
        const namePx = await px(page, 'view-name'), hintPx = await px(page, 'hint-text');
        const smallest = texts.reduce((a, b) => (b.px < a.px ? b : a));
        const lowest = texts.reduce((a, b) => (b.contrast < a.contrast ? b : a));
        console.log(`overlay ${w}x${h}: image ${(cover * 100).toFixed(1)}% of the screen, name ${namePx} px, hint ${hintPx} px, smallest text ${smallest.px} px ("${smallest.text}"), lowest contrast ${lowest.contrast}:1 ("${lowest.text}") over ${texts.length} texts`);
        expect(cover).toBeGreaterThanOrEqual(0.5);
        expect(namePx).toBeGreaterThanOrEqual(40);
        expect(hintPx).toBeGreaterThanOrEqual(40);
        expect(texts.filter((t) => t.px < 24)).toEqual([]);
        expect(texts.filter((t) => t.contrast < 4.5)).toEqual([]);
        // Nothing hidden: every text is on the screen, and none outside the hint band runs under it.
        const band = (await page.getByTestId('hint').boundingBox())!;
        const inBand = (t: { top: number; bottom: number }) => t.top >= band.y - 0.5 && t.bottom <= band.y + band.height + 0.5;
        expect(texts.filter((t) => t.top < 0 || t.bottom > h || (!inBand(t) && t.bottom > band.y + 0.5)).map((t) => t.text)).toEqual([]);
        // Aspect kept: the canvas draws the 4:3 frame whole inside its box.
        const fit = await page.getByTestId('preview').evaluate((c: HTMLCanvasElement) => getComputedStyle(c).objectFit);
        expect(fit).toBe('contain');
        await page.screenshot({ path: join(ctx.shots, `overlay-${w}x${h}.png`) });
      });
    }, 600_000);
  }

  it('keeps every text at 4.5:1 in the light theme too', async () => {
    await withPage(1440, 900, '?stream=s3&theme=light', async (page) => {
      await ready(page);
      const texts = await measureText(page);
      console.log(`overlay light 1440x900: lowest contrast ${Math.min(...texts.map((t) => t.contrast))}:1 over ${texts.length} texts`);
      expect(texts.filter((t) => t.contrast < 4.5)).toEqual([]);
    });
  }, 600_000);

  it('names the none class "No standard view" in the top-3, never "none"', async () => {
    await withPage(1440, 900, '?stream=s3', async (page) => {
      // The phantom's frames always leave some probability on `none`; wait until it is among the top three.
      const row = page.locator('[data-testid="top3"] li[data-class="none"]');
      await expect.poll(() => row.count(), { timeout: ctx.wait }).toBeGreaterThan(0);
      expect(await row.first().textContent()).toMatch(/^No standard view\d+%$/);
      expect(await page.getByTestId('top3').textContent()).not.toMatch(/\bnone\b/);
    });
  }, 600_000);

  it('says "Waiting…" with no confidence bar while no state has come, and shows the image meanwhile', async () => {
    await withPage(1440, 900, '', async (page) => {
      // The real server's messages pass through, except every state: the page has an image but no result yet.
      await page.routeWebSocket(/\/ws/, (ws) => {
        const server = ws.connectToServer();
        server.onMessage((m) => {
          if (typeof m === 'string' && (JSON.parse(m) as { type: string }).type === 'state') return;
          ws.send(m);
        });
      });
      await page.goto(url('?stream=s3'));
      await expect.poll(() => page.getByTestId('preview').getAttribute('data-frames'), { timeout: ctx.wait }).not.toBe('0');
      expect(await page.getByTestId('view-name').textContent()).toBe('Waiting…');
      expect(await page.getByTestId('view-name').getAttribute('data-tone')).toBe('waiting');
      expect(await page.getByTestId('confidence').count()).toBe(0);
    });
  }, 600_000);

  it('shows all streams in a grid, each with its image, opens one with its number or a click, and comes back with 0, Escape or the selector', async () => {
    await withPage(1920, 1080, '', async (page) => {
      const select = page.getByTestId('stream-select');
      await expect.poll(() => page.getByTestId('tile').count(), { timeout: ctx.wait }).toBe(4);
      expect(await select.inputValue()).toBe('');
      const failed = page.locator('[data-testid="tile"][data-stream="s4"] [data-testid="source-status"]');
      await expect.poll(() => failed.textContent(), { timeout: ctx.wait }).toMatch(/^Source (failed|restarting)$/);
      expect(await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('All streams (0)');
      // Every live stream's tile draws its own image (the missing file's has none to draw).
      for (const id of ['s1', 's2', 's3']) {
        await expect.poll(() => page.locator(`[data-testid="tile"][data-stream="${id}"] [data-testid="preview"]`).getAttribute('data-frames'), { timeout: ctx.wait }).not.toBe('0');
      }
      const texts = await measureText(page);
      console.log(`grid 1920x1080: smallest text ${Math.min(...texts.map((t) => t.px))} px, lowest contrast ${Math.min(...texts.map((t) => t.contrast))}:1 over ${texts.length} texts`);
      expect(texts.filter((t) => t.px < 24 || t.contrast < 4.5)).toEqual([]);
      await page.screenshot({ path: join(ctx.shots, 'grid.png') });
      await page.keyboard.press('2');
      await expect.poll(() => page.getByTestId('stage').getAttribute('data-stream'), { timeout: ctx.wait }).toBe('s2');
      expect(await select.inputValue()).toBe('s2');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('tile').count(), { timeout: ctx.wait }).toBe(4);
      await page.locator('[data-testid="tile"][data-stream="s3"]').click();
      await expect.poll(() => page.getByTestId('stage').getAttribute('data-stream'), { timeout: ctx.wait }).toBe('s3');
      await page.keyboard.press('0');
      await expect.poll(() => page.getByTestId('grid').count(), { timeout: ctx.wait }).toBe(1);
      await page.keyboard.press('1');
      await expect.poll(() => select.inputValue(), { timeout: ctx.wait }).toBe('s1');
      await select.selectOption('');
      await expect.poll(() => page.getByTestId('grid').count(), { timeout: ctx.wait }).toBe(1);
    });
  }, 600_000);

  it('takes plain t, l and o (no Shift) for trainer, theme and badge', async () => {
    await withPage(1440, 900, '?stream=s3', async (page) => {
      await expect.poll(() => page.getByTestId('overlay-screen').count(), { timeout: ctx.wait }).toBe(1);
      await page.keyboard.press('t');
      await expect.poll(() => page.evaluate(() => location.hash), { timeout: ctx.wait }).toBe('#trainer');
      await page.keyboard.press('t');
      await expect.poll(() => page.getByTestId('overlay-screen').count(), { timeout: ctx.wait }).toBe(1);
      const dark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
      expect(await dark()).toBe(true);
      await page.keyboard.press('l');
      await expect.poll(dark, { timeout: ctx.wait }).toBe(false);
      await page.keyboard.press('o');
      await expect.poll(() => page.getByTestId('badge').count(), { timeout: ctx.wait }).toBe(1);
    });
  }, 600_000);

  it('shows a corner badge under 15% of a 1920x1080 screen, readable over any backdrop, moved and faded by keys and remembered', async () => {
    const context = await ctx.browser().newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    try {
      await page.goto(url('?stream=s3&badge'));
      await expect.poll(() => page.getByTestId('view-name').getAttribute('data-view'), { timeout: ctx.wait }).not.toBe('');
      const share = await areaShare(page, 'badge');
      const texts = await measureText(page);
      const lowest = Math.min(...texts.map((t) => t.contrast));
      console.log(`badge 1920x1080: ${(share * 100).toFixed(1)}% of the screen, lowest contrast ${lowest}:1 over black or white behind it`);
      expect(share).toBeLessThan(0.15);
      expect(lowest).toBeGreaterThanOrEqual(4.5);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
      await page.getByTestId('badge').screenshot({ path: join(ctx.shots, 'badge.png') });
      const badge = page.getByTestId('badge');
      expect(await badge.getAttribute('data-position')).toBe('bottom-right');
      await page.keyboard.press('p');
      await expect.poll(() => badge.getAttribute('data-position'), { timeout: ctx.wait }).toBe('bottom-left');
      // The lowest opacity the keys allow still keeps the text at 4.5:1.
      for (let i = 0; i < 10; i++) await page.keyboard.press('[');
      const faded = Math.min(...(await measureText(page)).map((t) => t.contrast));
      console.log(`badge at its faintest backing: lowest contrast ${faded}:1`);
      expect(faded).toBeGreaterThanOrEqual(4.5);
      await page.goto(url('?stream=s3&badge'));
      await expect.poll(() => page.getByTestId('badge').getAttribute('data-position'), { timeout: ctx.wait }).toBe('bottom-left');
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem('echolive.badge') ?? '{}'))).toEqual({ position: 'bottom-left', opacity: 0.6 });
    } finally {
      await context.close();
    }
  }, 600_000);
}
