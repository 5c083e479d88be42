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

/** Containers we accept; each maps to one forced ffmpeg demuxer (`-f`), never auto-detected. */
export type ContainerFormat = 'wav' | 'mp3' | 'ogg' | 'flac' | 'mp4' | 'amr';

export type AudioCodec =
  | 'pcm_s16le'
  | 'pcm_u8'
  | 'pcm_s24le'
  | 'pcm_mulaw'
  | 'pcm_alaw'
  | 'mp3'
  | 'opus'
  | 'vorbis'
  | 'flac'
  | 'aac'
  | 'gsm_ms'
  | 'adpcm_g722'
  | 'amr_nb'
  | 'amr_wb';

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
  /**
   * The length the container claims for itself before any of the audio is read (a
   * WAV's data size, FLAC's STREAMINFO, an MP4's index, an MP3's Xing frame count);
   * undefined when it claims none. Compared with what decodes to tell a file cut short.
   */
  declaredDurationSec?: number;
  /** An Ogg stream that stops without its last page (a partial page, or no end-of-stream page). */
  endsEarly?: true;
  /**
   * Set once the input has been decoded: the sample frames it holds. A WAV whose data
   * chunk claims more than the file holds is stored to there, under a header saying so.
   */
  decodedFrames?: number;
  /**
   * Encoder priming at the start of a fragmented MP4, which its edit list says to skip and
   * ffmpeg 5.1 does not: dropped from the decoded PCM so every decoder's timeline agrees.
   */
  primingFrames?: number;
  /** An MP4 whose index follows its media: the index, moved in front on every decode. */
  mp4Index?: Mp4Faststart;
}

/** Where an MP4 keeps its index when that is after the media data, and the index moved in front of it. */
export interface Mp4Faststart {
  /** Byte offset of the first `mdat`: the index is written there. */
  insertAt: number;
  /** Byte offset and size of the original `moov`, skipped where it was. */
  moovAt: number;
  moovBytes: number;
  /** The `moov` box with every chunk offset moved by its own size. */
  moov: Buffer;
}

/** What the redacted audio is stored as: the input's codec where ffmpeg can encode it, else FLAC. */
export interface OutputChoice {
  format: ContainerFormat;
  codec: AudioCodec;
  /** Why the input's codec was not kept (lossless FLAC instead). */
  fallback?: string;
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
export const ACCEPTED_AUDIO =
  'WAV (PCM, µ-law, A-law, GSM 6.10, G.722), MP3, Ogg Opus/Vorbis, FLAC, AAC in MP4/M4A (audio only), AMR-NB/WB (.amr, .awb)';
