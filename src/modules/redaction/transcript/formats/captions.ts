import { segmentWords, type VendorTranscript } from './format-support';
import type { TranscriptWord } from '../transcript.types';

/** A caption file that cannot be read; `line` is 1-based. Never carries the cue text. */
export class CaptionFormatError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(\s.*)?$/;
/** Caption files of calls are small; this bounds the work on hostile input. */
const MAX_CUES = 100_000;

function toMs(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':');
  const secondsPart = Number(parts.pop());
  const minutes = Number(parts.pop() ?? 0);
  const hours = Number(parts.pop() ?? 0);
  return Math.round((hours * 3600 + minutes * 60 + secondsPart) * 1000);
}

/**
 * WebVTT and SubRip captions: cues with a start and an end but no word
 * timings, so any card data in a cue mutes the whole cue. A WebVTT voice tag
 * (`<v Agent>`) names the speaker; other markup is dropped.
 */
export function fromCaptions(text: string, kind: 'webvtt' | 'srt'): VendorTranscript {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (kind === 'webvtt' && !/^WEBVTT(\s|$)/.test(lines[0] ?? ''))
    throw new CaptionFormatError(1, 'a WebVTT file starts with "WEBVTT"');
  const words: TranscriptWord[] = [];
  let cues = 0;
  for (let i = 0; i < lines.length; i++) {
    const timing = TIMING.exec(lines[i]);
    if (!timing) continue;
    const startMs = toMs(timing[1]);
    const endMs = toMs(timing[2]);
    if (endMs < startMs) throw new CaptionFormatError(i + 1, 'the cue ends before it starts');
    if (++cues > MAX_CUES) throw new CaptionFormatError(i + 1, `more than ${MAX_CUES} cues`);
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i].trim() !== ''; i++) body.push(lines[i]);
    const joined = body.join(' ');
    const voice = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(joined)?.[1]?.trim();
    const plain = joined
      .replace(/<[^>]*>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ');
    words.push(...segmentWords(plain, startMs, endMs, null, voice));
  }
  if (cues === 0 && text.trim() !== '' && !(kind === 'webvtt' && lines.slice(1).every((l) => l.trim() === ''))) {
    throw new CaptionFormatError(1, 'no cue timings like "00:00:01.000 --> 00:00:02.500" found');
  }
  return { words, granularity: 'segment' };
}
