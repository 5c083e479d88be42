import { z } from 'zod';
import { segmentWords, word, type VendorTranscript } from './format-support';

const time = z.number().nonnegative();

/**
 * OpenAI `verbose_json` transcription: `words` when word timestamps were
 * asked for, otherwise only `segments` (muted whole). `language` is a name
 * ("english"), not a code.
 */
export const openAiWhisperDocument = z.object({
  language: z.string().max(35).optional(),
  words: z
    .array(
      z
        .object({ word: z.string(), start: time, end: time })
        .refine((w) => w.end >= w.start, { error: 'end is before start', path: ['end'] }),
    )
    .optional(),
  segments: z
    .array(
      z
        .object({ start: time, end: time, text: z.string() })
        .refine((s) => s.end >= s.start, { error: 'end is before start', path: ['end'] }),
    )
    .optional(),
});

export function fromOpenAiWhisper(document: z.infer<typeof openAiWhisperDocument>): VendorTranscript {
  const language = document.language ? { language: document.language } : {};
  if (document.words && document.words.length > 0) {
    return {
      words: document.words.map((w) => word(w.word.trim(), Math.round(w.start * 1000), Math.round(w.end * 1000), null)),
      granularity: 'word',
      ...language,
    };
  }
  const words = (document.segments ?? []).flatMap((s) =>
    segmentWords(s.text, Math.round(s.start * 1000), Math.round(s.end * 1000), null),
  );
  return { words, granularity: 'segment', ...language };
}
