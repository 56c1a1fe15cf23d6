/** Turning ffmpeg's last stderr line into a short reason a user can act on. Pure. */
const KNOWN: Array<[RegExp, string]> = [
  [/moov atom not found/i, 'truncated or corrupt MP4 (moov atom not found)'],
  [/No such file or directory/i, 'no such file'],
  [/Invalid data found when processing input/i, 'not a video or image ffmpeg can read (invalid data)'],
  [/Connection refused/i, 'connection refused'],
  [/Connection timed out|timed out/i, 'connection timed out'],
  [/Protocol not found.*srt|srt.*Protocol not found/i, 'this ffmpeg has no SRT support: set FFMPEG_PATH to an ffmpeg built with libsrt (Debian\'s is)'],
  [/Server returned 404/i, 'HTTP 404 not found'],
  [/Name or service not known|Failed to resolve hostname/i, 'host name not found'],
  [/Permission denied/i, 'permission denied'],
  [/Cannot open video device|Inappropriate ioctl/i, 'not a video capture device'],
];

/**
 * The reason from ffmpeg's stderr lines: the most specific known cause anywhere in them (KNOWN is ordered
 * most specific first), else the last informative line without its "[demuxer @ 0x..]" prefix.
 */
export function ffmpegReason(lines: string[]): string {
  for (const [re, why] of KNOWN) if (lines.some((l) => re.test(l))) return why;
  const last = [...lines].reverse().find((l) => !/^(Input|Output|Stream|Duration|Metadata|\s)/.test(l)) ?? lines[lines.length - 1] ?? 'ffmpeg exited';
  return last.replace(/^\[[^\]]+\]\s*/, '').replace(/^[^:]*\/[^:]*: /, '').trim();
}
