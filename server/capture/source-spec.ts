/**
 * Source spec strings, parsed in one place. A spec is a location and optional options after '#':
 *
 *   clip.mp4  still.png  cine.dcm  /dev/video0  rtsp://host/stream  udp://0.0.0.0:5000  tcp://host:port
 *   srt://host:port  https://host/clip.mp4  sim:a4c  sim:tour  sim:interactive
 *   clip.mp4#loop;native;crop=10,20,600,400   /dev/video0#size=1920x1080;fps=60;format=yuyv422
 *
 * Options: loop (files), native (play files at their frame rate; the default for `serve`), fast (as fast as
 * possible; the default for `classify`), crop=x,y,w,h (skip sector detection), size, fps, format (V4L2),
 * seconds (phantom sources: end after that long; `classify` takes 2 s of one unless told), profile=<file> (`serve`:
 * a taught profile for this stream, instead of `--profile`), look=<name> (phantom sources: a machine look,
 * phantom/look.ts; checked where the phantom is opened, sources.ts), fullres (ffmpeg sources: also keep the last
 * seconds at the source's own resolution, capture.fullRes).
 *
 * A '#' in a file name: the last '#' starts the options when what precedes it is a location that takes
 * options (a URL, a device, a sim: source or a file with a known extension) or when every ';'-part after it
 * begins with a known option name; otherwise the '#' is part of the name. So `scan#2.mp4` is a file,
 * `scan#2.mp4#loop` is that file looped, and `c.mp4#lop` is an unknown-option error. A trailing '#' always
 * takes everything before it as the location (`odd#name.mp4#1#` is the file `odd#name.mp4#1`).
 */
import { UserError } from '../errors.js';
import { isViewId, type ViewId } from '../views.js';
import { type Box, parseCrop } from './sector.js';
import { redactCredentials } from './redact.js';

export type SourceKind = 'video' | 'still' | 'dicom' | 'v4l2' | 'network' | 'phantom';

export interface SourceOptions {
  loop?: boolean;
  /** true: pace at the source's frame rate; false: as fast as possible; undefined: the command's default. */
  native?: boolean;
  crop?: Box;
  size?: string;
  fps?: number;
  format?: string;
  /** Phantom sources: end after this many seconds. */
  seconds?: number;
  /** A taught profile (profiles/<name>.json) for this stream. */
  profile?: string;
  /** Phantom sources: the machine look. */
  look?: string;
  /** ffmpeg sources: also keep full-resolution frames (capture.fullRes). */
  fullres?: boolean;
}

export interface SourceSpec {
  kind: SourceKind;
  /** The spec as given with any URL password replaced by *** (for messages, health and logs). */
  spec: string;
  /** File path, device, URL, or phantom plan. */
  location: string;
  protocol?: 'rtsp' | 'udp' | 'tcp' | 'srt' | 'http' | 'https';
  /** For phantom sources: a view id, 'tour' or 'interactive'. */
  phantom?: ViewId | 'tour' | 'interactive';
  options: SourceOptions;
}

const VIDEO_EXT = /\.(mp4|m4v|avi|mov|mkv|webm|gif|ts|mpg|mpeg|wmv)$/i;
const STILL_EXT = /\.(png|jpe?g|bmp|tiff?)$/i;
const DICOM_EXT = /\.(dcm|dicom)$/i;

const OPTION_NAMES = ['loop', 'native', 'fast', 'crop', 'size', 'fps', 'format', 'seconds', 'profile', 'look', 'fullres'];
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const DEVICE = /^\/dev\/video\d+$/;

/** Whether a location takes options after '#': a URL, a device, a phantom source or a known media file. */
function takesOptions(location: string): boolean {
  return URL_SCHEME.test(location) || location.startsWith('sim:') || location.startsWith('v4l2:') || DEVICE.test(location) || [DICOM_EXT, STILL_EXT, VIDEO_EXT].some((re) => re.test(location));
}

/** Whether text is empty or every ';'-part of it begins with a known option name. */
function isOptionList(text: string): boolean {
  return text.split(';').filter(Boolean).every((part) => OPTION_NAMES.includes(part.split('=', 1)[0]));
}

/** Split a spec into its location and option text at the '#' that starts the options (rule above). */
export function splitSpec(s: string): { location: string; options: string } {
  const hash = s.lastIndexOf('#');
  if (hash < 0) return { location: s, options: '' };
  const location = s.slice(0, hash), options = s.slice(hash + 1);
  return takesOptions(location) || isOptionList(options) ? { location, options } : { location: s, options: '' };
}

function parseOptions(spec: string, text: string): SourceOptions {
  const o: SourceOptions = {};
  for (const part of text.split(';').filter(Boolean)) {
    const [k, v] = part.split('=', 2);
    switch (k) {
      case 'loop': o.loop = true; break;
      case 'native': o.native = true; break;
      case 'fast': o.native = false; break;
      case 'fullres': o.fullres = true; break;
      case 'crop': {
        const c = parseCrop(v ?? '');
        if (!c) throw new UserError(`${spec}: crop must be crop=x,y,w,h with positive width and height`);
        o.crop = c;
        break;
      }
      case 'size':
        if (!/^\d+x\d+$/.test(v ?? '')) throw new UserError(`${spec}: size must be WIDTHxHEIGHT`);
        o.size = v;
        break;
      case 'fps':
        if (!(Number(v) > 0)) throw new UserError(`${spec}: fps must be a positive number`);
        o.fps = Number(v);
        break;
      case 'seconds':
        if (!(Number(v) > 0)) throw new UserError(`${spec}: seconds must be a positive number`);
        o.seconds = Number(v);
        break;
      case 'format':
        if (!/^[a-z0-9_]+$/i.test(v ?? '')) throw new UserError(`${spec}: format must be a pixel or input format name such as yuyv422 or mjpeg`);
        o.format = v;
        break;
      case 'profile':
        if (!v) throw new UserError(`${spec}: profile must name a file, profile=profiles/<name>.json`);
        o.profile = v;
        break;
      case 'look':
        if (!/^[a-z0-9-]+$/.test(v ?? '')) throw new UserError(`${spec}: look must name a phantom machine look, e.g. look=bronze-mirrored`);
        o.look = v;
        break;
      default:
        throw new UserError(`${spec}: unknown option '${k}' (loop, native, fast, crop=, size=, fps=, format=, seconds=, profile=, look=)`);
    }
  }
  return o;
}

/** Parse a source spec; throws UserError with the spec and the reason. */
export function parseSource(spec: string): SourceSpec {
  const raw = spec.trim();
  // Only `location` keeps credentials (ffmpeg needs them); everything shown or logged uses `s`.
  const s = redactCredentials(raw);
  if (!s) throw new UserError('empty source spec');
  const m = URL_SCHEME.exec(s);
  // In URLs too the '#' starts options: URL fragments are never sent to servers, so a stream needs none.
  const split = splitSpec(raw);
  const location = split.location;
  const options = parseOptions(s, split.options);
  if (location.startsWith('sim:')) {
    const plan = location.slice(4);
    if (plan !== 'tour' && plan !== 'interactive' && !isViewId(plan)) {
      throw new UserError(`${s}: unknown phantom source (use sim:tour, sim:interactive or sim:<view id>)`);
    }
    return { kind: 'phantom', spec: s, location, phantom: plan as SourceSpec['phantom'], options };
  }
  if (m) {
    const proto = m[1].toLowerCase();
    if (!['rtsp', 'udp', 'tcp', 'srt', 'http', 'https'].includes(proto)) {
      throw new UserError(`${s}: unsupported protocol ${proto}:// (rtsp, udp, tcp, srt, http, https)`);
    }
    return { kind: 'network', spec: s, location, protocol: proto as SourceSpec['protocol'], options };
  }
  if (DEVICE.test(location) || location.startsWith('v4l2:')) {
    return { kind: 'v4l2', spec: s, location: location.replace(/^v4l2:/, ''), options };
  }
  if (DICOM_EXT.test(location)) return { kind: 'dicom', spec: s, location, options };
  if (STILL_EXT.test(location)) return { kind: 'still', spec: s, location, options };
  if (VIDEO_EXT.test(location)) return { kind: 'video', spec: s, location, options };
  // Unknown extension: let ffmpeg try it as a video (it names the reason if it cannot).
  return { kind: 'video', spec: s, location, options };
}
