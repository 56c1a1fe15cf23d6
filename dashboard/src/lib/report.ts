/** Session reports for download: JSON as the server sent it, CSV one row per view. */
import type { ProtocolProgress } from '../../../server/protocol';

export function reportCsv(p: ProtocolProgress, names: Record<string, string>): string {
  const rows = [['view', 'name', 'status', 'time_to_acquire_s', 'best_confidence', 'dwell_s']];
  for (const i of p.items) rows.push([i.view, names[i.view] ?? i.view, i.status, i.timeToAcquire?.toString() ?? '', String(i.bestConfidence), String(i.dwell)]);
  rows.push([], ['protocol', p.protocol], ['score', String(p.score)], ['done', `${p.done}/${p.total}`], ['elapsed_s', String(p.elapsed)]);
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n') + '\n';
}

export function download(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
