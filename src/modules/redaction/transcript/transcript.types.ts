/** One recognised word. `channel: null` means the word applies to every channel. */
export interface TranscriptWord {
  text: string;
  startMs: number;
  endMs: number;
  channel: number | null;
  confidence?: number;
  /** Who said it, where the recogniser labels voices on a shared channel ("spk_0", "A"). */
  speaker?: string;
  /** From a caption cue or turn without word timings: the times are the whole cue's. */
  segment?: true;
}
