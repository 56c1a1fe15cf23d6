/**
 * The trainer in a real headless Chromium (SwiftShader for WebGL) against the real server with a virtual
 * probe: keys pressed as the on-screen hint names them, the 3D scene's state read from its data attributes,
 * a scored session with a jump, the report. Waits are for events; limits only guard against a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './helpers/cli.js';
import { startServer } from './helpers/server.js';
import type { Composed } from '../server/main.js';
import { PROTOCOLS } from '../server/protocol.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.ECHOLIVE_SCREENSHOTS ? join(ROOT, process.env.ECHOLIVE_SCREENSHOTS) : mkdtempSync(join(tmpdir(), 'echolive-shots-'));
const WAIT = 120_000;

/** Playwright's name for a trainer key ('shift+arrowup' -> 'Shift+ArrowUp'). */
function pwKey(key: string): string {
  const cap = (k: string) => (k.startsWith('arrow') ? `Arrow${k[5].toUpperCase()}${k.slice(6)}` : k);
  return key.startsWith('shift+') ? `Shift+${cap(key.slice(6))}` : cap(key);
}

describe.skipIf(!existsSync(CHROMIUM))('trainer in Chromium', () => {
  let app: Composed;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startServer(['sim:interactive'], { phantom: { fps: 12 } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const moves = async () => Number(await page.getByTestId('probe-moves').getAttribute('data-moves'));
  const hintKind = () => page.getByTestId('trainer-hint').getAttribute('data-kind');

  /** Press what the hint names until it says hold; returns the presses. */
  async function followHint(limit: number): Promise<number> {
    let presses = 0;
    const start = await moves();
    for (;;) {
      // The hint on screen is for the probe after every press so far.
      await expect.poll(async () => (await moves()) - start, { timeout: WAIT }).toBe(presses);
      if ((await hintKind()) === 'hold' || presses >= limit) return presses;
      const key = await page.getByTestId('hint-key').getAttribute('data-key');
      await page.keyboard.press(pwKey(key!));
      presses++;
    }
  }

  it('reaches A4C from PLAX in under 30 presses of the keys the on-screen hint names', async () => {
    await page.goto(`${app.url}/?stream=s1#trainer`);
    await expect.poll(() => page.getByTestId('trainer-truth').textContent(), { timeout: WAIT }).toBe('Parasternal long axis');
    await page.getByTestId('trainer-target').selectOption('a4c');
    await expect.poll(hintKind, { timeout: WAIT }).toBe('move');
    const presses = await followHint(30);
    expect(presses).toBeLessThan(30);
    expect(await hintKind()).toBe('hold');
    await expect.poll(() => page.getByTestId('trainer-truth').textContent(), { timeout: WAIT }).toBe('Apical 4-chamber');
    const err = page.getByTestId('pose-error');
    expect(await err.getAttribute('data-reached')).toBe('true');
    expect(Number(await err.getAttribute('data-mm'))).toBeLessThanOrEqual(5);
    expect(Number(await err.getAttribute('data-deg'))).toBeLessThanOrEqual(10);
  }, 600_000);

  it('shows the 3D scene with the torso landmarks, the probe and the ghost, which help switches off', async () => {
    const scene = page.getByTestId('scene');
    await expect.poll(async () => Number(await scene.getAttribute('data-frames')), { timeout: WAIT }).toBeGreaterThan(3);
    expect(Number(await scene.getAttribute('data-meshes'))).toBeGreaterThan(20);
    expect((await scene.getAttribute('data-landmarks'))!.split('|')).toEqual(expect.arrayContaining(['suprasternal notch', 'xiphoid', 'apex impulse', 'left shoulder', 'right hip', 'sternum', 'ribs']));
    expect(await scene.getAttribute('data-probe')).toMatch(/^-?\d+\.\d,-?\d+\.\d,-?\d+\.\d$/);
    // Near A4C (where the last test ended) the plane's structures are named, the LV among them.
    expect((await scene.getAttribute('data-structures'))!.split('|')).toContain('LV');
    await expect.poll(() => scene.getAttribute('data-ghost'), { timeout: WAIT }).toBe('true');
    // The heart beats: the phase moves on between frames.
    const phase = await scene.getAttribute('data-phase');
    await expect.poll(() => scene.getAttribute('data-phase'), { timeout: WAIT }).not.toBe(phase);
    await page.getByTestId('help-toggle').uncheck();
    await expect.poll(() => scene.getAttribute('data-ghost'), { timeout: WAIT }).toBe('false');
    expect(await hintKind()).toBe('help-off');
    await page.getByTestId('help-toggle').check();
    await expect.poll(() => scene.getAttribute('data-ghost'), { timeout: WAIT }).toBe('true');
  }, 300_000);

  it('scores a session: a view reached by the hints scores, a jumped one is marked and scores nothing, and the report', async () => {
    await page.getByTestId('trainee-name').fill('Ada Lovelace');
    await page.getByTestId('protocol-select').selectOption('comprehensive');
    await page.getByTestId('start-session').click();
    const row = (v: string) => page.locator(`[data-testid="checklist"] tr[data-view="${v}"]`);
    // All 14 rows of the comprehensive protocol are on screen at 1024x600.
    await expect.poll(() => row('ssn-arch').count(), { timeout: WAIT }).toBe(1);
    for (const v of PROTOCOLS.comprehensive) {
      const box = await row(v).boundingBox();
      expect(box, v).not.toBeNull();
      expect(box!.y + box!.height, v).toBeLessThanOrEqual(600);
    }
    await page.screenshot({ path: join(SHOTS, 'trainer-session.png') });
    // The session starts away from PLAX: follow the hints to it, hold, and it is done with points.
    await expect.poll(hintKind, { timeout: WAIT }).toBe('move');
    await followHint(200);
    await expect.poll(() => row('plax').getAttribute('data-status'), { timeout: WAIT }).toBe('done');
    expect(Number(await row('plax').getAttribute('data-points'))).toBeGreaterThan(0);
    // Moves are counted from the session's random start, and the optimum is measured from there too.
    const [made, optimum] = [Number(await row('plax').getAttribute('data-moves')), Number(await row('plax').getAttribute('data-optimum'))];
    expect(optimum).toBeGreaterThan(0);
    expect(made).toBeGreaterThanOrEqual(optimum);
    expect(await row('plax').getAttribute('data-jumped')).toBe('false');
    // M-mode is next: the hint names the mode key, then the cursor keys that put the line through the mitral tips.
    await expect.poll(hintKind, { timeout: WAIT }).toBe('mode');
    await followHint(60);
    await expect.poll(() => row('mmode').getAttribute('data-status'), { timeout: WAIT }).toBe('done');
    expect(Number(await row('mmode').getAttribute('data-points'))).toBeGreaterThan(0);
    // Jump with the view list to a view far from the parasternal path (passing a view for a second ticks it): done, marked, no points.
    await page.getByTestId('probe-view').selectOption('sub-ivc');
    await expect.poll(() => row('sub-ivc').getAttribute('data-status'), { timeout: WAIT }).toBe('done');
    expect(await row('sub-ivc').getAttribute('data-jumped')).toBe('true');
    expect(await row('sub-ivc').getAttribute('data-points')).toBe('0');
    // Leaving PLAX did not untick it; switching tabs and reloading find the running session.
    expect(await row('plax').getAttribute('data-status')).toBe('done');
    // To the overlay and back with T (at 600 px high the screen tabs fold into a menu).
    await page.keyboard.press('t');
    await expect.poll(() => page.getByTestId('trainer').count(), { timeout: WAIT }).toBe(0);
    await page.keyboard.press('t');
    await expect.poll(() => page.getByTestId('stop-session').count(), { timeout: WAIT }).toBe(1);
    expect(await page.getByTestId('start-session').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('trainer').getAttribute('data-protocol'), { timeout: WAIT }).toBe('comprehensive');
    await expect.poll(() => page.getByTestId('stop-session').count(), { timeout: WAIT }).toBe(1);
    await page.getByTestId('trainee-name').fill('Ada Lovelace');
    await page.screenshot({ path: join(SHOTS, 'trainer-probe.png') });
    // The report: JSON with the trainee, date, scores and stills; a printable page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    const report = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(report.trainee).toBe('Ada Lovelace');
    expect(Date.parse(report.date)).not.toBeNaN();
    expect(report.summary.items.find((i: { view: string }) => i.view === 'sub-ivc').practice).toMatchObject({ jumped: true, points: 0 });
    expect(report.summary.items.find((i: { view: string }) => i.view === 'plax').practice.points).toBeGreaterThan(0);
    expect(report.stills.plax).toMatch(/^data:image\/jpeg;base64,/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toMatch(/^view,name,status,.*points\nplax,Parasternal long axis,done,/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-report').isVisible()).toBe(true);
    expect(await page.getByTestId('print-report').textContent()).toMatch(/Ada Lovelace .* comprehensive · score \d+/);
    await page.screenshot({ path: join(SHOTS, 'trainer-report.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    // An instructor in a second browser watches the same session, probe and scene, read-only.
    const watcher = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    await watcher.goto(`${app.url}/?stream=s1&role=instructor#trainer`);
    await expect.poll(() => watcher.getByTestId('trainer').getAttribute('data-running'), { timeout: WAIT }).toBe('true');
    expect(await watcher.getByTestId('trainer').getAttribute('data-role')).toBe('instructor');
    expect(await watcher.getByTestId('watching').isVisible()).toBe(true);
    expect(await watcher.getByTestId('probe-controls').count()).toBe(0);
    expect(await watcher.getByTestId('stop-session').isVisible()).toBe(false);
    await expect.poll(() => watcher.locator('[data-testid="checklist"] tr[data-view="plax"]').getAttribute('data-status'), { timeout: WAIT }).toBe('done');
    const trainees = await page.getByTestId('scene').getAttribute('data-probe');
    await expect.poll(() => watcher.getByTestId('scene').getAttribute('data-probe'), { timeout: WAIT }).toBe(trainees);
    await watcher.screenshot({ path: join(SHOTS, 'trainer-instructor.png') });
    await watcher.close();
    await page.getByTestId('stop-session').click();
  }, 900_000);
});
