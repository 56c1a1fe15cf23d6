/**
 * Decoder niceness. On Linux a niceness belongs to each thread, so a running ffmpeg (whose decoding threads
 * exist already) is changed thread by thread through /proc/<pid>/task; elsewhere the process's is set.
 * Raising a niceness is always allowed; lowering it again needs the right to (root or CAP_SYS_NICE).
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Set the niceness of a process and all its threads. Returns false where the OS refused (lowering without the
 * right to, a process that has ended, a platform without priorities); the caller decides whether that matters.
 */
export function renice(pid: number, nice: number): boolean {
  let tids: number[];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    tids = [pid];
  }
  try {
    for (const tid of tids) setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
