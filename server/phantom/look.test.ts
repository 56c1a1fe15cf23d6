import { describe, expect, it } from 'vitest';
import { Phantom } from './phantom.js';
import { checkSource } from '../sources.js';
import { parseSource } from '../capture/source-spec.js';

describe('phantom machine looks', () => {
  it('renders the standard look by default, byte for byte as before looks existed', () => {
    const a = new Phantom(11, 320, 240), b = new Phantom(11, 320, 240, 'standard');
    expect(Buffer.from(a.frame(a.canonical('plax'), 0.2).rgb).equals(Buffer.from(b.frame(b.canonical('plax'), 0.2).rgb))).toBe(true);
  });

  it('renders bronze-mirrored as a different, bronze screen with the same labels', () => {
    const std = new Phantom(12, 320, 240), odd = new Phantom(12, 320, 240, 'bronze-mirrored');
    for (const v of ['plax', 'a4c', 'pw'] as const) {
      const s = std.frame(std.canonical(v), 0.3), o = odd.frame(odd.canonical(v), 0.3);
      expect(o.label).toBe(s.label);
      let red = 0, blue = 0, diff = 0;
      for (let i = 0; i < o.rgb.length; i += 3) (red += o.rgb[i]), (blue += o.rgb[i + 2]), (diff += Math.abs(o.rgb[i] - s.rgb[i]));
      expect(red).toBeGreaterThan(blue * 1.4);
      expect(diff / (o.rgb.length / 3)).toBeGreaterThan(5);
    }
  });

  it('is a phantom option: an unknown look or a look on a file is refused with one line', () => {
    expect(checkSource(parseSource('sim:a4c#look=bronze-mirrored')).options.look).toBe('bronze-mirrored');
    expect(() => checkSource(parseSource('sim:a4c#look=sepia'))).toThrow(/^sim:a4c#look=sepia: unknown look 'sepia' \(standard, bronze-mirrored\)$/);
    expect(() => checkSource(parseSource('clip.mp4#look=bronze-mirrored'))).toThrow(/look= is for phantom sources/);
  });
});
