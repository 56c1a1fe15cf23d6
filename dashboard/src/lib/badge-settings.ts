/**
 * The corner badge's settings: where it sits and how opaque its backing is. Read from the page's URL
 * (`?badge=top-left&opacity=0.8`, for an OBS browser source) over what this browser remembered, bounded,
 * and remembered again when changed. Pure apart from the storage handed in.
 */
export const BADGE_POSITIONS = ['bottom-right', 'bottom-left', 'top-left', 'top-right', 'lower-third'] as const;
export type BadgePosition = (typeof BADGE_POSITIONS)[number];

export interface BadgeSettings {
  position: BadgePosition;
  /** Opacity of the badge's dark backing, 0.6-1 (default 0.85); the text stays opaque, so it stays readable. */
  opacity: number;
}

export const BADGE_DEFAULTS: BadgeSettings = { position: 'bottom-right', opacity: 0.85 };
export const OPACITY_MIN = 0.6;
export const OPACITY_STEP = 0.05;
const KEY = 'echolive.badge';

const clampOpacity = (v: number) => Math.round(Math.min(1, Math.max(OPACITY_MIN, v)) * 100) / 100;

/** Settings from loose input: unknown positions and non-numbers fall back to `base`, opacity is bounded. */
export function parseBadgeSettings(raw: { position?: unknown; opacity?: unknown }, base: BadgeSettings = BADGE_DEFAULTS): BadgeSettings {
  const position = BADGE_POSITIONS.includes(raw.position as BadgePosition) ? (raw.position as BadgePosition) : base.position;
  const o = typeof raw.opacity === 'string' && raw.opacity.trim() !== '' ? Number(raw.opacity) : raw.opacity;
  const opacity = typeof o === 'number' && Number.isFinite(o) ? clampOpacity(o) : base.opacity;
  return { position, opacity };
}

/** Remembered settings, then the URL's `badge` and `opacity` over them. */
export function loadBadgeSettings(storage: Pick<Storage, 'getItem'> | null, params: URLSearchParams): BadgeSettings {
  let saved: BadgeSettings = BADGE_DEFAULTS;
  try {
    saved = parseBadgeSettings(JSON.parse(storage?.getItem(KEY) ?? '{}') ?? {});
  } catch {
    // A damaged entry is as good as none.
  }
  return parseBadgeSettings({ position: params.get('badge') ?? undefined, opacity: params.get('opacity') ?? undefined }, saved);
}

export function saveBadgeSettings(storage: Pick<Storage, 'setItem'> | null, s: BadgeSettings): void {
  try {
    storage?.setItem(KEY, JSON.stringify(s));
  } catch {
    // Private windows may refuse storage: the settings then last for this page only.
  }
}

/** The next position in the cycle (key P). */
export function nextPosition(p: BadgePosition): BadgePosition {
  return BADGE_POSITIONS[(BADGE_POSITIONS.indexOf(p) + 1) % BADGE_POSITIONS.length];
}

export function stepOpacity(o: number, steps: number): number {
  return clampOpacity(o + steps * OPACITY_STEP);
}
