import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact.js';

describe('credential redaction', () => {
  it('hides the password of a URL and keeps the user and host', () => {
    expect(redactCredentials('rtsp://admin:hunter2@10.0.0.5:554/stream1')).toBe('rtsp://admin:***@10.0.0.5:554/stream1');
  });
  it('hides a token given as the user part alone', () => {
    expect(redactCredentials('https://abcdef123@cdn.example/clip.mp4')).toBe('https://abcdef123:***@cdn.example/clip.mp4');
  });
  it('hides every URL in a line of ffmpeg output, including odd characters in the password', () => {
    expect(redactCredentials('[tcp @ 0x1] Connection to tcp://u:p%40ss;w@h:9 failed; also srt://x:y@z:1')).toBe('[tcp @ 0x1] Connection to tcp://u:***@h:9 failed; also srt://x:***@z:1');
  });
  it('leaves URLs without credentials, paths and phantom specs as they are', () => {
    for (const s of ['udp://0.0.0.0:5000', '/data/clip@2x.mp4', 'sim:tour', 'mailto:a@b.c', 'http://host/a@b']) expect(redactCredentials(s)).toBe(s);
  });
});
