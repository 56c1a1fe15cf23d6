/**
 * Regenerates fixtures/ from fixed seeds: a short clip of each of the 15 views and a tour with its truth,
 * all through the real `simulate` command (so fixtures are what users get). Usage: npm run fixtures
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { VIEW_IDS } from '../server/views.js';

const dir = new URL('../fixtures/', import.meta.url).pathname;
const cli = new URL('../bin/echolive.js', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const sim = (args: string[]) => execFileSync(process.execPath, [cli, 'simulate', ...args], { stdio: 'inherit' });
VIEW_IDS.forEach((v, i) => sim(['--view', v, '--seconds', '1.5', '--fps', '30', '--size', '640x480', '--seed', String(101 + i), '--out', `${dir}${v}.mp4`]));
sim(['--tour', '--seconds', '36', '--fps', '30', '--size', '480x360', '--seed', '7', '--out', `${dir}tour.mp4`]);
const total = readdirSync(dir).reduce((a, f) => a + statSync(dir + f).size, 0);
console.log(`fixtures: ${(total / 1e6).toFixed(2)} MB in ${dir}`);
