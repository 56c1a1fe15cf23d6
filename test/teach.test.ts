import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, MODEL, expectUsageError, runCli } from './helpers/cli.js';
import onnxProto from 'onnx-proto';
import { testCardClip } from './helpers/test-card.js';
import { Client, startServer, wsUrl } from './helpers/server.js';
import type { StateMessage, TeachMessage } from '../server/protocol.js';
import { engineWith } from '../server/tuned-engine.js';
import { readProfile, unpackTensors } from '../server/teach/profile.js';

const tmp = mkdtempSync(join(tmpdir(), 'echolive-teach-'));
const data = join(tmp, 'scans');
for (const v of ['a4c', 'plax', 'psax-mid']) {
  mkdirSync(join(data, v), { recursive: true });
  symlinkSync(join(FIXTURES, `${v}.mp4`), join(data, v, `${v}.mp4`));
}
const profile = join(tmp, 'profiles', 'cart-3.json');

describe('echolive teach and --profile', () => {
  it('teaches a profile from a folder of labelled clips, which classify then runs with', async () => {
    const t = await runCli(['teach', '--data', data, '--out', profile, '--frames-per-clip', '6']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/cart-3\.json: 18 frames \(a4c 6, plax 6, psax-mid 6\) for echolive-view, fitted in \d+ ms/);
    const p = JSON.parse(readFileSync(profile, 'utf8'));
    expect(p).toMatchObject({ format: 'echolive-profile', name: 'cart-3', taught: { a4c: 6, plax: 6, 'psax-mid': 6 }, frames: { width: 80, height: 60 } });
    const c = await runCli(['classify', join(FIXTURES, 'plax.mp4'), '--json', '--profile', profile]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ frames: 45, view: 'plax' });
  });

  it('fine-tunes the network on the taught frames, keeps its weights in the profile, and classify runs the tuned network', async () => {
    const tuned = join(tmp, 'profiles', 'cart-3-tuned.json');
    const t = await runCli(['teach', '--data', data, '--out', tuned, '--frames-per-clip', '6', '--fine-tune']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/cart-3-tuned\.json: 18 frames .* fine-tuned and fitted in \d+ ms/);
    const p = JSON.parse(readFileSync(tuned, 'utf8'));
    expect(p.network.tune).toMatchObject({ steps: 150, trainLast: 3 });
    expect(Object.keys(p.network.tensors)).toContain('net.head.1.weight');
    const c = await runCli(['classify', join(FIXTURES, 'plax.mp4'), '--json', '--profile', tuned]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ frames: 45, view: 'plax' });
    // For another model file (here the same network with another doc string) the weights are tuned again from its frames.
    const other = join(tmp, 'other.onnx');
    const m = onnxProto.onnx.ModelProto.decode(readFileSync(MODEL));
    m.docString = 'another file';
    writeFileSync(other, onnxProto.onnx.ModelProto.encode(m).finish());
    copyFileSync(MODEL.replace(/\.onnx$/, '.json'), join(tmp, 'other.json'));
    const again = await runCli(['classify', join(FIXTURES, 'plax.mp4'), '--json', '--model', other, '--profile', tuned]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/cart-3-tuned\.json: fitted for another model file; fine-tuned again from its 18 taught frames for echolive-view/);
    expect(JSON.parse(again.stdout)).toMatchObject({ frames: 45, view: 'plax' });
    // serve --profile: every stream runs the tuned network (one engine for them all) and names its view with it.
    const app = await startServer(['sim:plax', 'sim:a4c'], { teach: { profile: tuned } });
    const ws = new Client(wsUrl(app));
    try {
      const parity = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.parity.json'), 'utf8'));
      const input = Float32Array.from(Buffer.from(parity.framesBase64, 'base64'), (v) => v / 255);
      const own = await engineWith(MODEL, unpackTensors(readProfile(tuned), tuned));
      const [s1, s2] = app.streams.map((s) => app.networkOf(s));
      expect(s1).not.toBe(app.engine);
      expect(s2).toBe(s1);
      expect(Array.from((await s1.run(input, 8)).logits!)).toEqual(Array.from((await own.run(input, 8)).logits!));
      await own.close();
      await ws.opened;
      ws.send({ type: 'teach', stream: 's1', action: 'status' });
      await ws.waitFor((m): m is TeachMessage => m.type === 'teach' && m.profile === 'cart-3-tuned' && m.tuned, 60_000);
      await ws.waitFor((m): m is StateMessage => m.type === 'state' && m.view === 'plax', 120_000);
    } finally {
      ws.close();
      await app.close();
    }
  });

  it('makes a screen the card calls unfamiliar familiar once it is taught (here as no standard view)', async () => {
    const card = testCardClip(1.5);
    expect(JSON.parse((await runCli(['classify', card, '--json'])).stdout).unfamiliar).toBeGreaterThan(0.5);
    const odd = join(tmp, 'odd-screen');
    mkdirSync(join(odd, 'none'), { recursive: true });
    symlinkSync(card, join(odd, 'none', 'screen.mp4'));
    const taught = join(tmp, 'profiles', 'odd-screen.json');
    const t = await runCli(['teach', '--data', odd, '--out', taught, '--frames-per-clip', '6']);
    expect(t.code, t.stderr).toBe(0);
    const c = await runCli(['classify', card, '--json', '--profile', taught]);
    expect(JSON.parse(c.stdout)).toMatchObject({ view: null, unfamiliar: 0 });
  });

  it('refuses a corrupt profile with one line and exit 2', async () => {
    const bad = join(tmp, 'corrupt.json');
    writeFileSync(bad, '{"format":"echolive-profile","vers');
    expectUsageError(await runCli(['classify', join(FIXTURES, 'a4c.mp4'), '--profile', bad]), /corrupt\.json: not an echolive profile \(not valid JSON/);
  });

  it('refuses a profile for a model that cannot take it (no embedding output) with one line and exit 2', async () => {
    const t = await runCli(['teach', '--data', data, '--out', profile, '--frames-per-clip', '2']);
    expect(t.code, t.stderr).toBe(0);
    const old = join(tmp, 'old.onnx');
    copyFileSync(MODEL, old);
    const card = JSON.parse(readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
    writeFileSync(join(tmp, 'old.json'), JSON.stringify({ ...card, name: 'old', outputs: { probs: card.outputs.probs }, ood: undefined }));
    expectUsageError(await runCli(['classify', join(FIXTURES, 'a4c.mp4'), '--model', old, '--profile', profile]), /cart-3\.json: the model 'old' has no embedding output/);
  });

  it('refuses to serve with a corrupt --profile or #profile=, with one line and exit 2', async () => {
    const bad = join(tmp, 'half.json');
    writeFileSync(bad, '{"format":"echolive-profile"');
    expectUsageError(await runCli(['serve', '--port', '0', '--source', 'sim:a4c', '--profile', bad]), /half\.json: not an echolive profile/);
    expectUsageError(await runCli(['serve', '--port', '0', '--source', `sim:a4c#profile=${bad}`]), /half\.json: not an echolive profile/);
    expectUsageError(await runCli(['serve', '--port', '0', '--source', 'sim:a4c#look=sepia']), /unknown look 'sepia'/);
  });

  it('refuses a labelled folder with a sub-folder that is not a view, with one line and exit 2', async () => {
    const odd = join(tmp, 'odd');
    mkdirSync(join(odd, 'apical-9'), { recursive: true });
    expectUsageError(await runCli(['teach', '--data', odd, '--out', join(tmp, 'x.json')]), /teach: .*odd: folders apical-9 are not view ids/);
  });

  it('evaluates teaching k frames per class over repeats beside the base model, on a CSV with clips', async () => {
    const csv = join(tmp, 'set.csv');
    const lines = ['path,view,clip'];
    for (const v of ['a4c', 'plax']) for (const c of [1, 2]) lines.push(`${join(FIXTURES, `${v}.mp4`)},${v},${v}-${c}`);
    writeFileSync(csv, lines.join('\n'));
    const r = await runCli(['evaluate', '--data', csv, '--teach', '3', '--repeats', '4']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ k: 3, repeats: 4, classes: ['a4c', 'plax'], taughtFrames: 6, measuredFrames: 90 });
    expect(out.taught.mean).toBeGreaterThanOrEqual(out.taught.min);
    expect(out.base).toBeGreaterThan(0.9); // the phantom's own clips: the base model is right
    const f = await runCli(['evaluate', '--data', csv, '--teach', '3', '--repeats', '2', '--fine-tune']);
    expect(f.code, f.stderr).toBe(0);
    const tuned = JSON.parse(f.stdout);
    expect(tuned).toMatchObject({ k: 3, repeats: 2, classes: ['a4c', 'plax'], measuredFrames: 90, fineTune: { steps: 150, trainLast: 3 } });
    expect(tuned.taught.mean).toBeGreaterThan(0.9);
    // The head alone on the same two splits, beside it, and the gain repeat by repeat.
    expect(tuned.paired.headAlone).toBeGreaterThan(0.9);
    expect(tuned.paired.gain.mean).toBeCloseTo(tuned.taught.mean - tuned.paired.headAlone, 3);
    expect(tuned.paired.higherIn).toBeLessThanOrEqual(2);
  });
});
