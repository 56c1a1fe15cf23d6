import type { QualityReading } from '../../../server/protocol.js';

const REASONS: Record<NonNullable<QualityReading['reason']>, string> = {
  'off-axis': 'off-axis: fan or rotate onto the plane',
  foreshortened: 'foreshortened: slide toward the apex',
  'off-window': 'off the window: slide onto it',
  'too-dark': 'too dark: raise the gain',
  'too-deep': 'too deep: reduce the depth',
};

/** The meter's words: the score out of 100 and, when low, why. */
export function qualityText(q: QualityReading): string {
  return q.reason ? `Quality ${q.score} · ${REASONS[q.reason]}` : `Quality ${q.score}`;
}
