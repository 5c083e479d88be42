import { z } from 'zod';
import { seconds, secondsToMs, segmentWords, word, type VendorTranscript } from './format-support';
import type { TranscriptWord } from '../transcript.types';

/**
 * Twilio Voice (Conversational) Intelligence transcript sentences
 * (`GET /v2/Transcripts/{Sid}/Sentences`): sentence times in seconds, word
 * times when `WordTimestamps=true`. media_channel names a voice, not an audio
 * channel we can map with certainty, so words stay on every channel.
 */
const sentence = z
  .object({
    media_channel: z.number().int().min(0).max(64).optional(),
    start_time: seconds,
    end_time: seconds,
    transcript: z.string().nullable(),
    words: z
      .array(z.object({ word: z.string(), start_time: seconds, end_time: seconds }))
      .nullable()
      .optional(),
  })
  .refine((s) => secondsToMs(s.end_time) >= secondsToMs(s.start_time), {
    error: 'end_time is before start_time',
    path: ['end_time'],
  });

export const twilioSentencesDocument = z.object({ sentences: z.array(sentence) });

export function fromTwilioSentences(document: z.infer<typeof twilioSentencesDocument>): VendorTranscript {
  const words: TranscriptWord[] = [];
  let segmented = false;
  for (const s of document.sentences) {
    const speaker = s.media_channel === undefined ? undefined : `media-channel-${s.media_channel}`;
    if (s.words && s.words.length > 0) {
      for (const w of s.words) {
        words.push(word(w.word, secondsToMs(w.start_time), secondsToMs(w.end_time), null, speaker ? { speaker } : {}));
      }
    } else {
      segmented = true;
      words.push(
        ...segmentWords(s.transcript ?? '', secondsToMs(s.start_time), secondsToMs(s.end_time), null, speaker),
      );
    }
  }
  return { words, granularity: segmented ? 'segment' : 'word' };
}
