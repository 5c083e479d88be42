export type MediaRejectReason =
  | 'UNSUPPORTED_FORMAT'
  | 'PLAYLIST_REJECTED'
  | 'VIDEO_STREAM'
  | 'MULTIPLE_AUDIO_STREAMS'
  | 'NO_AUDIO'
  | 'TOO_MANY_CHANNELS'
  | 'TOO_LONG'
  | 'EMPTY'
  | 'CORRUPT'
  | 'TIMEOUT';

const MESSAGES: Record<MediaRejectReason, string> = {
  UNSUPPORTED_FORMAT: 'The audio format is not supported.',
  PLAYLIST_REJECTED: 'Playlists and scripts are not accepted as audio.',
  VIDEO_STREAM: 'The file contains video.',
  MULTIPLE_AUDIO_STREAMS: 'The file contains more than one audio stream; upload one stream with one channel per party.',
  NO_AUDIO: 'The file contains no audio stream.',
  TOO_MANY_CHANNELS: 'The audio has more channels than allowed.',
  TOO_LONG: 'The audio is longer than allowed.',
  EMPTY: 'The file is empty.',
  CORRUPT: 'The audio could not be decoded.',
  TIMEOUT: 'Processing the audio took too long.',
};

/**
 * The input itself is unacceptable. Messages are fixed per reason so that nothing
 * from the untrusted file (tags, paths, ffmpeg output) reaches a client.
 */
export class MediaRejectedError extends Error {
  override readonly name = 'MediaRejectedError';

  constructor(readonly reason: MediaRejectReason) {
    super(MESSAGES[reason]);
  }
}

/** Our side failed (ffmpeg missing, encoder error); the input may be fine. */
export class MediaProcessingError extends Error {
  override readonly name = 'MediaProcessingError';

  /** Last lines of ffmpeg's stderr (run with `-v error`, so no metadata dumps) for operators' logs. */
  readonly stderrTail: string;

  constructor(message: string, stderrTail = '') {
    super(message);
    this.stderrTail = stderrTail;
  }
}
