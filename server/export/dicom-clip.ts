/**
 * A captured clip as a DICOM Ultrasound Multi-frame Image, written with dcmjs: full-resolution JPEG frames as
 * they are (JPEG baseline, one encapsulated fragment per frame), grey analysis frames uncompressed (MONOCHROME2): generated UIDs, the view's name as the series description, the patient as entered or
 * Anonymous. One study per export, one series per view.
 */
import dcmjs from 'dcmjs';
import { randomUUID } from 'node:crypto';
import { VIEW_NAMES, type ViewId } from '../views.js';

export const US_MULTIFRAME_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.3.1';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** (0018,1063) Frame Time: what the frame increment pointer points at. */
const FRAME_TIME_TAG = 0x00181063;

/** A new UID under the 2.25 root (a UUID as one decimal number), as DICOM allows without a registered root. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export interface Patient {
  name?: string;
  id?: string;
}

/** What one export shares across its files. */
export interface StudyInfo {
  patient: Patient;
  studyUid: string;
  /** The study's date, for StudyDate/StudyTime. */
  date: Date;
}

export interface ClipDicomSpec {
  view: ViewId;
  /** Series number within the study (1-based). */
  series: number;
  /** JPEG images, or grey frames of width x height bytes. */
  frames: Uint8Array[];
  kind: 'jpeg' | 'grey';
  width: number;
  height: number;
  /** Frames per second. */
  fps: number;
  /** When the clip ends. */
  capturedAt: Date;
}

const da = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const tm = (d: Date) => d.toISOString().slice(11, 19).replace(/:/g, '');
const ab = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** The DICOM file's bytes. */
export function clipDicom(study: StudyInfo, c: ClipDicomSpec): Buffer {
  const sopUid = newUid();
  const jpegs = c.kind === 'jpeg';
  const ds: Record<string, unknown> = {
    _meta: { TransferSyntaxUID: { Value: [jpegs ? JPEG_BASELINE : EXPLICIT_LE] } },
    _vrMap: { PixelData: 'OB' },
    // UTF-8: names are kept as entered.
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: US_MULTIFRAME_SOP_CLASS, SOPInstanceUID: sopUid,
    StudyDate: da(study.date), StudyTime: tm(study.date), SeriesDate: da(c.capturedAt), SeriesTime: tm(c.capturedAt),
    ContentDate: da(c.capturedAt), ContentTime: tm(c.capturedAt), AccessionNumber: '', Modality: 'US',
    Manufacturer: 'echolive', ReferringPhysicianName: '', StudyDescription: 'Echocardiogram (echolive auto-capture)',
    SeriesDescription: VIEW_NAMES[c.view], PatientName: study.patient.name ?? 'Anonymous', PatientID: study.patient.id ?? 'ANONYMOUS',
    PatientBirthDate: '', PatientSex: '', StudyInstanceUID: study.studyUid, SeriesInstanceUID: newUid(), StudyID: '1',
    SeriesNumber: String(c.series), InstanceNumber: '1',
    ...(jpegs ? { SamplesPerPixel: 3, PhotometricInterpretation: 'YBR_FULL_422', PlanarConfiguration: 0, LossyImageCompression: '01', LossyImageCompressionMethod: 'ISO_10918_1' }
      : { SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', LossyImageCompression: '00' }),
    NumberOfFrames: String(c.frames.length), FrameIncrementPointer: FRAME_TIME_TAG, FrameTime: String(Math.round(100000 / c.fps) / 100),
    CineRate: String(Math.round(c.fps)), Rows: c.height, Columns: c.width, BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0,
    PixelData: jpegs ? c.frames.map(ab) : [ab(Buffer.concat(c.frames))],
  };
  return dcmjs.data.datasetToBuffer(ds) as Buffer;
}
