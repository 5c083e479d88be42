import { z } from 'zod';
import { confidence, word, type VendorTranscript } from './format-support';

/** Deepgram pre-recorded response: one entry of results.channels per audio channel, times in seconds. */
export const deepgramDocument = z.object({
  results: z.object({
    channels: z.array(
      z.object({
        detected_language: z.string().max(35).optional(),
        alternatives: z
          .array(
            z.object({
              words: z.array(
                z
                  .object({
                    word: z.string(),
                    punctuated_word: z.string().optional(),
                    start: z.number().nonnegative(),
                    end: z.number().nonnegative(),
                    confidence: confidence.optional(),
                    speaker: z.number().int().optional(),
                  })
                  .refine((w) => w.end >= w.start, { error: 'end is before start', path: ['end'] }),
              ),
            }),
          )
          .min(1),
      }),
    ),
  }),
});

export function fromDeepgram(document: z.infer<typeof deepgramDocument>): VendorTranscript {
  const { channels } = document.results;
  let language: string | undefined;
  // One entry means the audio was transcribed as one mix (multichannel off): every channel.
  const words = channels.flatMap((c, i) => {
    language ??= c.detected_language;
    return c.alternatives[0].words.map((w) =>
      word(
        w.punctuated_word ?? w.word,
        Math.round(w.start * 1000),
        Math.round(w.end * 1000),
        channels.length > 1 ? i : null,
        {
          ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
          ...(w.speaker === undefined ? {} : { speaker: `speaker-${w.speaker}` }),
        },
      ),
    );
  });
  return { words, granularity: 'word', ...(language ? { language } : {}) };
}
