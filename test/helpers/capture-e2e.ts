/**
 * Auto-capture in Chromium, registered inside test/dashboard.e2e.test.ts so that it shares its browser and
 * server (s3 is the virtual probe, resting on PLAX: the phantom captures from the start).
 */
import { expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { E2eContext } from './overlay-e2e.js';

export function captureTests(ctx: E2eContext & { captures: string }): void {
  it('shows the phantom\'s captured views as thumbnails, exports them as MP4 and DICOM, deletes them and turns capture off', async () => {
    const page = await ctx.browser().newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${ctx.app().url}/?stream=s3`);
      const toggle = page.getByTestId('capture-toggle');
      await expect.poll(() => toggle.textContent(), { timeout: ctx.wait }).toBe('● Capturing');
      const thumb = page.locator('[data-testid="capture-thumbs"] li[data-view="plax"] img');
      await expect.poll(() => thumb.count(), { timeout: ctx.wait }).toBe(1);
      expect(await thumb.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(80);
      await page.getByTestId('capture-export-open').click();
      await page.getByTestId('capture-patient-name').fill('Doe^Jane');
      await page.getByTestId('capture-patient-id').fill('E2E-1');
      await page.getByTestId('capture-folder').fill('e2e-exam');
      await page.screenshot({ path: join(ctx.shots, 'capture.png') });
      await page.getByTestId('capture-export').click();
      await expect.poll(() => page.getByTestId('capture-note').textContent(), { timeout: ctx.wait }).toMatch(/^exported \d+ views? to e2e-exam$/);
      const files = readdirSync(join(ctx.captures, 'e2e-exam'));
      expect(files).toContain('01-plax.mp4');
      expect(files).toContain('01-plax.dcm');
      // Off first, so nothing new is captured, then delete: it asks once more, then the thumbnails go.
      await toggle.click();
      await expect.poll(() => toggle.textContent(), { timeout: ctx.wait }).toBe('Capture off');
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await page.getByTestId('capture-delete').click();
      expect(await page.getByTestId('capture-delete').textContent()).toBe('Delete: sure?');
      await page.getByTestId('capture-delete').click();
      await expect.poll(() => page.getByTestId('capture-note').textContent(), { timeout: ctx.wait }).toMatch(/^deleted \d+ views?$/);
      expect(await page.locator('[data-testid="capture-thumbs"] li').count()).toBe(0);
      expect(existsSync(join(ctx.captures, 'e2e-exam', '01-plax.dcm'))).toBe(true);
      // Back on for the tests that follow.
      await toggle.click();
      await expect.poll(() => toggle.textContent(), { timeout: ctx.wait }).toBe('● Capturing');
    } finally {
      await page.close();
    }
  }, 600_000);
}
