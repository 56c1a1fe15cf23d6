/**
 * The 15 echo view ids (fixed by ../shared/design/views.md) and their display names.
 * Shared by the phantom, the model card check, the pipeline, the protocol and the dashboard.
 */
export const VIEW_IDS = [
  'plax', 'rv-inflow', 'psax-basal', 'psax-mid', 'a4c', 'a5c', 'a2c', 'a3c',
  'sub-4c', 'sub-ivc', 'sub-aorta', 'ssn-arch', 'pw', 'cw', 'mmode',
] as const;

export type ViewId = (typeof VIEW_IDS)[number];

/** The model's extra output for transitional, blank and non-cardiac frames. */
export const NONE_CLASS = 'none';

/** The twelve views that are 2D probe poses (the rest are machine modes). */
export const PLANE_VIEWS = VIEW_IDS.slice(0, 12) as ViewId[];

/** The three spectral / time-motion modes and the 2D view each is taken from. */
export const MODE_VIEWS: Record<'pw' | 'cw' | 'mmode', ViewId> = { pw: 'a4c', cw: 'a5c', mmode: 'plax' };

/**
 * Display names. The three modes say where they are taken (views.md's protocol: PW of mitral inflow in A4C,
 * CW across the aortic valve in A5C, M-mode in PLAX); the short axes use the levels' usual names.
 */
export const VIEW_NAMES: Record<ViewId, string> = {
  plax: 'Parasternal long axis',
  'rv-inflow': 'RV inflow',
  'psax-basal': 'PSAX - AV level',
  'psax-mid': 'PSAX - mid LV',
  a4c: 'Apical 4-chamber',
  a5c: 'Apical 5-chamber',
  a2c: 'Apical 2-chamber',
  a3c: 'Apical 3-chamber',
  'sub-4c': 'Subcostal 4-chamber',
  'sub-ivc': 'Subcostal IVC',
  'sub-aorta': 'Subcostal aorta',
  'ssn-arch': 'Suprasternal arch',
  pw: 'PW Doppler, mitral inflow (A4C)',
  cw: 'CW Doppler, aortic valve (A5C)',
  mmode: 'M-mode (PLAX)',
};

/**
 * Truth labels that accept any of several classes (real sets label some frames coarsely): `psax` is either
 * short-axis level, `doppler` either spectral mode.
 */
export const LABEL_SETS: Readonly<Record<string, readonly ViewId[]>> = {
  psax: ['psax-basal', 'psax-mid'],
  doppler: ['pw', 'cw'],
};

/** The classes a truth label accepts: its set's members, or the label itself. */
export function acceptedClasses(label: string): readonly string[] {
  return LABEL_SETS[label] ?? [label];
}

export function isViewId(s: string): s is ViewId {
  return (VIEW_IDS as readonly string[]).includes(s);
}
