/** Session reports for download: JSON (the server's summary plus trainee, date and stills) and CSV, one row per view. */
import type { ProtocolProgress } from '../../../server/protocol';

export interface SessionReport {
  trainee: string;
  /** ISO date and time the report was made. */
  date: string;
  summary: ProtocolProgress;
  /** A still (JPEG data URL) per view, taken when the view was done. */
  stills: Record<string, string>;
}

export function reportCsv(r: SessionReport, names: Record<string, string>): string {
  const p = r.summary;
  const rows = [['view', 'name', 'status', 'time_to_acquire_s', 'best_confidence', 'dwell_s', 'leg_s', 'moves', 'optimum', 'error_mm', 'error_deg', 'help', 'jumped', 'points']];
  for (const i of p.items) {
    const s = i.practice;
    rows.push([
      i.view, names[i.view] ?? i.view, i.status, i.timeToAcquire?.toString() ?? '', String(i.bestConfidence), String(i.dwell),
      s ? String(s.seconds) : '', s ? String(s.moves) : '', s ? String(s.optimum) : '', s ? String(s.mm) : '', s ? String(s.deg) : '',
      s ? String(s.help) : '', s ? String(s.jumped) : '', s ? String(s.points) : '',
    ]);
  }
  rows.push([], ['trainee', r.trainee], ['date', r.date], ['protocol', p.protocol], ['score', String(p.score)], ['done', `${p.done}/${p.total}`], ['elapsed_s', String(p.elapsed)]);
  return rows.map((row) => row.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n') + '\n';
}

export function download(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
