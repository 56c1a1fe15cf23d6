import { describe, expect, it } from 'vitest';
import { DEPTH_REACH_CM, depthScore, poseScore } from './pose.js';

describe('image quality of a pose and a depth', () => {
  it('scores a pose 100 on the ideal plane, 80 at the edge of reach and 50 at twice it, the worse part setting the score', () => {
    expect(poseScore({ mm: 0, beamDeg: 0, rotationDeg: 0, deg: 0 })).toEqual({ score: 100, angle: 100, position: 100 });
    expect(poseScore({ mm: 5, beamDeg: 20, rotationDeg: 0, deg: 20 })).toEqual({ score: 50, angle: 50, position: 80 });
  });

  it('scores depth on the same curve: 100 at the view\'s own depth or less, 80 at DEPTH_REACH_CM too deep, 50 at twice it', () => {
    expect(depthScore(-2)).toBe(100);
    expect(depthScore(0)).toBe(100);
    expect(depthScore(DEPTH_REACH_CM)).toBeCloseTo(80, 6);
    expect(depthScore(2 * DEPTH_REACH_CM)).toBeCloseTo(50, 6);
  });
});
