/**
 * Teach mode in a real headless Chromium against the real server: the phantom in a machine look the shipped
 * model never saw (bronze-mirrored), two views it gets wrong, taught with the hold key and the hold button,
 * applied, then named. Screenshots go to a temporary folder or $ECHOLIVE_SCREENSHOTS (never tracked files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './helpers/cli.js';
import { Client, startServer, wsUrl } from './helpers/server.js';
import type { Composed } from '../server/main.js';
import type { ServerMessage, StateMessage } from '../server/protocol.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.ECHOLIVE_SCREENSHOTS ? join(ROOT, process.env.ECHOLIVE_SCREENSHOTS) : mkdtempSync(join(tmpdir(), 'echolive-shots-'));
/** A hang guard, ms, not a speed requirement. */
const WAIT = 120_000;
if (!existsSync(CHROMIUM)) console.warn(`teach e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('Teach mode in Chromium', () => {
  let app: Composed;
  let browser: Browser;
  let page: Page;
  let probe: Client;
  const profiles = mkdtempSync(join(tmpdir(), 'echolive-teach-e2e-'));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Few tuning steps: the test checks what Fine-tune does, not how much it gains (README).
    app = await startServer(['sim:interactive#look=bronze-mirrored'], { teach: { profilesDir: profiles, fineTuneSteps: 20 } });
    probe = new Client(wsUrl(app));
    await probe.opened;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    probe?.close();
    await browser?.close();
    await app?.close();
  });

  /** Put the virtual probe on a view (as the trainer would); resolves with the first settled state showing it. */
  async function show(view: string): Promise<StateMessage> {
    const from = probe.messages.length;
    probe.send({ type: 'probe', stream: 's1', view });
    return probe.waitFor((m: ServerMessage): m is StateMessage => m.type === 'state' && m.truth === view && m.temporal !== 'acquiring', WAIT, from);
  }
  const now = () => page.getByTestId('teach-now').getAttribute('data-view');
  const count = (c: string) => page.locator(`[data-testid="teach-class"][data-class="${c}"]`).getAttribute('data-count');
  const kept = async () => Number(/: (\d+) frames/.exec((await page.getByTestId('hold').textContent()) ?? '')?.[1] ?? 0);

  it('teaches two views the base model gets wrong, applies, and then names them', async () => {
    await page.goto(`${app.url}/?stream=s1#teach`);
    await expect.poll(() => page.getByTestId('active-profile').textContent(), { timeout: WAIT }).toBe('base model');

    expect((await show('plax')).view).not.toBe('plax'); // the base model does not name the mirrored bronze PLAX
    expect(await now()).not.toBe('plax');
    await page.locator('[data-testid="teach-class"][data-class="plax"] .pick').click();
    await page.keyboard.down(' ');
    await expect.poll(kept, { timeout: WAIT }).toBeGreaterThanOrEqual(8);
    await page.keyboard.up(' ');
    await expect.poll(async () => Number(await count('plax')), { timeout: WAIT }).toBeGreaterThanOrEqual(8);
    // Taught in one hold: the list says so, to have it taught on another patient too.
    const plaxRow = page.locator('[data-testid="teach-class"][data-class="plax"]');
    expect(await plaxRow.getAttribute('data-single-hold')).toBe('true');
    expect(await plaxRow.textContent()).toContain('one hold');

    expect((await show('sub-4c')).view).not.toBe('sub-4c');
    await page.locator('[data-testid="teach-class"][data-class="sub-4c"] .pick').click();
    await page.getByTestId('hold').hover();
    await page.mouse.down();
    await expect.poll(kept, { timeout: WAIT }).toBeGreaterThanOrEqual(8);
    await page.mouse.up();
    await expect.poll(async () => Number(await count('sub-4c')), { timeout: WAIT }).toBeGreaterThanOrEqual(8);

    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('active-profile').textContent(), { timeout: WAIT }).toBe('taught profile unsaved');
    await expect.poll(now, { timeout: WAIT }).toBe('sub-4c');
    await show('plax');
    await expect.poll(now, { timeout: WAIT }).toBe('plax');
    await page.screenshot({ path: join(SHOTS, 'teach.png') });
  }, 600_000);

  it('fine-tunes the network from its button, which says so until it is done, and the stream still names the taught views', async () => {
    const tune = page.getByTestId('tune');
    await tune.click();
    expect(await tune.textContent()).toContain('Fine-tuning');
    expect(await tune.isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('active-profile').textContent(), { timeout: WAIT }).toBe('taught profile unsaved (fine-tuned network)');
    await expect.poll(() => tune.textContent(), { timeout: WAIT }).toBe('Fine-tune and apply');
    expect(await page.getByTestId('teach-note').textContent()).toMatch(/^fine-tuned the network on \d+ frames in \d+ s and applied it$/);
    await expect.poll(now, { timeout: WAIT }).toBe('plax');
    await show('sub-4c');
    await expect.poll(now, { timeout: WAIT }).toBe('sub-4c');
  }, 600_000);

  it('saves the profile, shows it on the overlay, and answers a corrupt one with an error while the stream carries on', async () => {
    writeFileSync(join(profiles, 'broken.json'), '{"format":"echolive-profile"');
    await page.getByTestId('profile-name').fill('cart-e2e');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('active-profile').textContent(), { timeout: WAIT }).toBe('taught profile cart-e2e (fine-tuned network)');
    expect(await page.getByTestId('saved-profiles').textContent()).toMatch(/broken.*cart-e2e/s);
    await page.getByTestId('load-broken').click();
    await expect.poll(() => page.getByTestId('server-error').textContent(), { timeout: WAIT }).toMatch(/broken\.json: not an echolive profile/);
    await show('sub-4c');
    await expect.poll(now, { timeout: WAIT }).toBe('sub-4c'); // still adapted, still live
    await page.getByTestId('tab-overlay').click();
    await expect.poll(() => page.getByTestId('profile').textContent(), { timeout: WAIT }).toBe('Taught profile: cart-e2e');
    await expect.poll(() => page.getByTestId('view-name').first().getAttribute('data-view'), { timeout: WAIT }).toBe('sub-4c');
  }, 600_000);
});
