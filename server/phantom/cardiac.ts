/**
 * Cardiac and respiratory timing: one place that says, for a time t (s), how far the ventricles have
 * contracted, which valves are open, the ECG voltage and the Doppler velocities.
 * Phase 0 is the QRS (end-diastole); systole takes about a third of the cycle (views.md).
 */
export interface Timing {
  /** Heart rate, beats per minute (45-120). */
  heartRate: number;
  /** Breathing period, s. */
  breathPeriod: number;
  /** Ejection fraction, 0-1 (scales contraction). */
  ef: number;
  /** Peak mitral E and A velocities and the aortic peak, m/s. */
  mitralE: number;
  mitralA: number;
  aorticPeak: number;
}

export interface CardiacState {
  /** Phase in the beat, 0-1. */
  phase: number;
  /** Ventricular contraction, 0 at end-diastole to 1 at end-systole. */
  contraction: number;
  /** Mitral/tricuspid opening 0-1, aortic/pulmonary opening 0-1. */
  avOpen: number;
  semilunarOpen: number;
  /** Breathing, -1 (expiration) to 1 (inspiration). */
  breath: number;
}

const SYSTOLE = 0.34;
const smooth = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));
const bump = (x: number, c: number, w: number) => Math.exp(-(((x - c) / w) ** 2));

export function beatPeriod(t: Timing): number {
  return 60 / t.heartRate;
}

export function phaseAt(timing: Timing, time: number): number {
  const p = time / beatPeriod(timing);
  return p - Math.floor(p);
}

/** Mechanical state of the heart at time t (s). */
export function cardiacState(timing: Timing, time: number): CardiacState {
  const phase = phaseAt(timing, time);
  let contraction: number;
  if (phase < SYSTOLE) contraction = smooth(phase / SYSTOLE);
  else if (phase < 0.55) contraction = 1 - 0.75 * smooth((phase - SYSTOLE) / (0.55 - SYSTOLE));
  else if (phase < 0.8) contraction = 0.25 - 0.05 * smooth((phase - 0.55) / 0.25);
  else contraction = 0.2 * (1 - smooth((phase - 0.8) / 0.17));
  const avOpen = Math.min(1, 1.3 * (bump(phase, 0.45, 0.08) + 0.8 * bump(phase, 0.88, 0.05)));
  const semilunarOpen = phase > 0.04 && phase < SYSTOLE ? Math.sin((Math.PI * (phase - 0.04)) / (SYSTOLE - 0.04)) ** 0.4 : 0;
  const breath = Math.sin((2 * Math.PI * time) / timing.breathPeriod);
  return { phase, contraction: contraction * (timing.ef / 0.6), avOpen, semilunarOpen, breath };
}

/** Mitral inflow velocity (m/s, positive toward an apical probe) at phase p: the E and A waves. */
export function mitralVelocity(timing: Timing, p: number): number {
  return timing.mitralE * bump(p, 0.45, 0.055) + timing.mitralA * bump(p, 0.89, 0.035);
}

/** Aortic outflow velocity (m/s, negative: away from an apical probe) at phase p. */
export function aorticVelocity(timing: Timing, p: number): number {
  if (p < 0.05 || p > SYSTOLE) return 0;
  const x = (p - 0.05) / (SYSTOLE - 0.05);
  return -timing.aorticPeak * Math.sin(Math.PI * x ** 0.8) ** 1.3;
}

/** ECG voltage (mV-like units) at phase p: P wave, QRS at 0, T wave. */
export function ecgVoltage(p: number): number {
  const q = p > 0.5 ? p - 1 : p; // QRS centred on 0
  return (
    0.15 * bump(p, 0.9, 0.025) +
    -0.1 * bump(q, -0.012, 0.006) +
    1.0 * bump(q, 0, 0.008) +
    -0.25 * bump(q, 0.014, 0.007) +
    0.3 * bump(p, 0.27, 0.045)
  );
}
