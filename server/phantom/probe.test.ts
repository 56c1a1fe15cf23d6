import { describe, expect, it } from 'vitest';
import { movePose, blendPose, poseDistance } from './probe.js';
import { dot, norm } from './vec.js';
import type { Pose } from './probe.js';

const p: Pose = { pos: [1, 2, 3], dir: [0, 0, -1], lat: [1, 0, 0] };

describe('probe moves', () => {
  it('keeps the pose orthonormal after any move', () => {
    const q = movePose(p, { slideLat: 1, slideElev: -2, rotate: 33, tilt: 12, rock: -7 });
    expect(norm(q.dir)).toBeCloseTo(1, 9);
    expect(norm(q.lat)).toBeCloseTo(1, 9);
    expect(dot(q.dir, q.lat)).toBeCloseTo(0, 9);
  });

  it('measures slides in cm and turns in degrees', () => {
    expect(poseDistance(p, movePose(p, { slideLat: 2 })).positionCm).toBeCloseTo(2, 9);
    expect(poseDistance(p, movePose(p, { rotate: 30 })).rotationDeg).toBeCloseTo(30, 6);
    expect(poseDistance(p, movePose(p, { tilt: 10 })).beamDeg).toBeCloseTo(10, 6);
  });

  it('blends from one pose to another', () => {
    const q = movePose(p, { slideLat: 4, rotate: 60 });
    expect(poseDistance(blendPose(p, q, 0), p).positionCm).toBeCloseTo(0, 9);
    expect(poseDistance(blendPose(p, q, 1), q).rotationDeg).toBeLessThan(1e-6);
    expect(poseDistance(blendPose(p, q, 0.5), p).positionCm).toBeCloseTo(2, 6);
  });
});
