import { z } from 'zod';
import { confidence, seconds, secondsToMs, word, type VendorTranscript } from './format-support';

/**
 * Google Cloud Speech-to-Text v2 (`BatchRecognize` results, `Recognize`
 * responses): results[].alternatives[0].words with protobuf Durations,
 * channelTag counting from 1, languageCode per result.
 */
export const googleSttDocument = z.object({
  results: z.array(
    z.object({
      alternatives: z
        .array(
          z.object({
            words: z
              .array(
                z
                  .object({
                    word: z.string(),
                    startOffset: seconds.optional(),
                    endOffset: seconds.optional(),
                    confidence: confidence.optional(),
                    speakerLabel: z.string().max(64).optional(),
                  })
                  .refine((w) => secondsToMs(w.endOffset ?? 0) >= secondsToMs(w.startOffset ?? 0), {
                    error: 'endOffset is before startOffset',
                    path: ['endOffset'],
                  }),
              )
              .optional(),
          }),
        )
        .optional(),
      channelTag: z.number().int().min(0).max(64).optional(),
      languageCode: z.string().max(35).optional(),
    }),
  ),
});

export function fromGoogleStt(document: z.infer<typeof googleSttDocument>): VendorTranscript {
  let language: string | undefined;
  const words = document.results.flatMap((r) => {
    language ??= r.languageCode || undefined;
    // A tag of 0 (or none) is mono audio: the words belong to every channel.
    const channel = r.channelTag ? r.channelTag - 1 : null;
    return (r.alternatives?.[0]?.words ?? []).map((w) =>
      word(w.word, secondsToMs(w.startOffset ?? 0), secondsToMs(w.endOffset ?? 0), channel, {
        // 0.0 is Google's "not set".
        ...(w.confidence ? { confidence: w.confidence } : {}),
        ...(w.speakerLabel ? { speaker: w.speakerLabel } : {}),
      }),
    );
  });
  return { words, granularity: 'word', ...(language ? { language } : {}) };
}
