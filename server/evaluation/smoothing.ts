/**
 * Smoothing figures against a tour's truth: view changes per minute on steady stretches (where the truth
 * has held one view for at least `settleS`), and the delay from each true change to the smoothed view
 * following it. Pure.
 */
export interface SmoothingFigures {
  steadyMinutes: number;
  changesOnSteady: number;
  changesPerMinute: number;
  transitions: number;
  /** Seconds from each true change to the smoothed view equal to the new truth (missed ones excluded). */
  delays: number[];
  medianDelay: number | null;
  missed: number;
}

export function smoothingFigures(times: number[], truth: Array<string | null>, smoothed: Array<string | null>, settleS = 1): SmoothingFigures {
  let steady = 0, changes = 0;
  let since = times[0];
  const delays: number[] = [];
  let missed = 0;
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    if (truth[i] !== truth[i - 1]) since = times[i];
    const isSteady = truth[i] !== null && times[i] - since >= settleS;
    if (isSteady) {
      steady += dt;
      if (smoothed[i] !== smoothed[i - 1]) changes++;
    }
  }
  // Delays: each change of truth to a view that then holds for settleS.
  for (let i = 1; i < times.length; i++) {
    if (truth[i] === truth[i - 1] || truth[i] === null) continue;
    let end = i;
    while (end + 1 < times.length && truth[end + 1] === truth[i]) end++;
    if (times[end] - times[i] < settleS) continue;
    const hit = smoothed.slice(i, end + 1).findIndex((v) => v === truth[i]);
    if (hit < 0) missed++;
    else delays.push(times[i + hit] - times[i]);
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    steadyMinutes: r(steady / 60), changesOnSteady: changes, changesPerMinute: steady ? r(changes / (steady / 60)) : 0,
    transitions: delays.length + missed, delays: delays.map(r), medianDelay: sorted.length ? r(sorted[Math.floor(sorted.length / 2)]) : null, missed,
  };
}
