import { describe, expect, it } from 'vitest';
import { Phantom } from '../server/phantom/phantom.js';
import { namedPoints, structuresInPlane } from '../dashboard/src/trainer/scene/plane-structures.js';

describe('structures named in the 3D scene\'s imaging plane', () => {
  it('names what each view\'s plane cuts: four chambers in A4C, the LV ring in PSAX mid, the aorta below the diaphragm', () => {
    for (const seed of [1, 5]) {
      const ph = new Phantom(seed, 16, 16);
      const points = namedPoints(ph.anatomy);
      expect(structuresInPlane(points, ph.poses.a4c)).toEqual(expect.arrayContaining(['LV', 'RV', 'LA', 'RA', 'mitral valve', 'tricuspid valve']));
      expect(structuresInPlane(points, ph.poses['psax-mid'])).toEqual(expect.arrayContaining(['LV', 'papillary muscles']));
      expect(structuresInPlane(points, ph.poses['psax-mid'])).not.toContain('LA');
      expect(structuresInPlane(points, ph.poses['sub-aorta'])).toContain('abdominal aorta');
      expect(structuresInPlane(points, ph.poses['ssn-arch'])).toContain('aortic arch');
    }
  });
});
