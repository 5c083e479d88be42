import type { Readable } from 'node:stream';

export interface MediaDriverOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** Wall-clock limit for one ffmpeg/ffprobe run; also the basis of its CPU-seconds limit. */
  timeoutMs: number;
  maxDurationSec: number;
  maxChannels: number;
  allowedFormats: readonly ContainerFormat[];
}

/** Demuxer names as ffmpeg spells them; always forced with `-f`, never auto-detected. */
export type ContainerFormat = 'wav' | 'mp3' | 'ogg' | 'flac';

export type AudioCodec =
  | 'pcm_s16le'
  | 'pcm_u8'
  | 'pcm_s24le'
  | 'pcm_mulaw'
  | 'pcm_alaw'
  | 'mp3'
  | 'opus'
  | 'vorbis'
  | 'flac';

/** The caller re-opens the (decrypted) object for every pass; a stream can be read once. */
export type OpenStream = () => Readable;

export interface ProbeResult {
  format: ContainerFormat;
  codec: AudioCodec;
  sampleRate: number;
  channels: number;
  /** null when neither the container header nor ffprobe on a pipe can tell; decoding then enforces the limit. */
  durationSec: number | null;
  /** bits per second; estimated from size and duration when the container does not say. */
  bitRate: number | null;
}

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export type RedactMode = 'mute' | 'tone';

export interface LevelDbfs {
  peakDbfs: number;
  rmsDbfs: number;
}

/** Worst channel in peakDbfs/rmsDbfs, every channel in `channels`. */
export interface SpanLevel extends TimeSpan, LevelDbfs {
  channels: LevelDbfs[];
}

export interface VerificationTolerance {
  /** Span edges excluded from measurement: lossy codecs smear a transform window across the cut. */
  edgeMarginMs: number;
  /** Highest peak accepted inside a span; -Infinity means digital zero. */
  maxPeakDbfs: number;
  exact: boolean;
}

/** What the upload accepts, as error messages and the API description say it. */
export const ACCEPTED_AUDIO = 'WAV (PCM, µ-law, A-law), MP3, Ogg Opus/Vorbis, FLAC';
