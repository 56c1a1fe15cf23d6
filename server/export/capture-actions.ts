/**
 * The `capture` client message against a stream's auto-capture session: on, off, list, export, delete. Every
 * action answers with the session (a `captures` message); one export at a time per stream.
 */
import type { CapturesMessage, ClientMessage, ErrorMessage } from '../protocol.js';
import type { CaptureSession } from '../pipeline/capture-session.js';
import type { AutoCaptureConfig } from '../config/auto-capture.js';
import { VIEW_IDS } from '../views.js';
import { exportClips } from './export-session.js';

type CaptureMessage = Extract<ClientMessage, { type: 'capture' }>;

/** Sessions with an export running. */
const exporting = new WeakSet<CaptureSession>();

export async function captureAction(m: CaptureMessage, s: CaptureSession, cfg: AutoCaptureConfig): Promise<CapturesMessage | ErrorMessage> {
  switch (m.action) {
    case 'on':
    case 'off':
      s.setOn(m.action === 'on');
      return s.message({ note: `capture ${m.action}` });
    case 'list':
      return s.message();
    case 'delete': {
      const n = s.clips().length;
      s.clear();
      return s.message({ note: `deleted ${n} view${n === 1 ? '' : 's'}` });
    }
    case 'export': {
      const clips = s.sized();
      if (!clips.length) return { type: 'error', error: `capture export on ${m.stream}: nothing captured yet` };
      if (exporting.has(s)) return { type: 'error', error: `capture export on ${m.stream}: an export is already running` };
      exporting.add(s);
      try {
        // In protocol order, so series numbers follow the usual sequence of an exam.
        clips.sort((a, b) => VIEW_IDS.indexOf(a.clip.view) - VIEW_IDS.indexOf(b.clip.view));
        const r = await exportClips(cfg.root, clips, { stream: m.stream, folder: m.folder, patient: m.patient ?? {}, formats: m.formats ?? ['mp4', 'dicom'] });
        return s.message({ note: `exported ${clips.length} view${clips.length === 1 ? '' : 's'} to ${r.folder}`, exported: r });
      } catch (e) {
        return { type: 'error', error: `capture export on ${m.stream}: ${(e as Error).message.split('\n')[0]}` };
      } finally {
        exporting.delete(s);
      }
    }
  }
}
