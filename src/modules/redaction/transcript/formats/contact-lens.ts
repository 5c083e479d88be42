import { z } from 'zod';
import { segmentWords, type VendorTranscript } from './format-support';

/**
 * Amazon Connect Contact Lens post-call output: turns with millisecond offsets
 * and no word timings. The participant (AGENT, CUSTOMER) becomes the speaker;
 * which audio channel each is on comes from the upload's `channels`.
 */
export const contactLensDocument = z.object({
  LanguageCode: z.string().max(35).optional(),
  Transcript: z.array(
    z
      .object({
        ParticipantId: z.string().min(1).max(256),
        BeginOffsetMillis: z.number().int().nonnegative(),
        EndOffsetMillis: z.number().int().nonnegative(),
        Content: z.string(),
      })
      .refine((t) => t.EndOffsetMillis >= t.BeginOffsetMillis, {
        error: 'EndOffsetMillis is before BeginOffsetMillis',
        path: ['EndOffsetMillis'],
      }),
  ),
});

export function fromContactLens(document: z.infer<typeof contactLensDocument>): VendorTranscript {
  const words = document.Transcript.flatMap((t) =>
    segmentWords(t.Content, t.BeginOffsetMillis, t.EndOffsetMillis, null, t.ParticipantId.toLowerCase()),
  );
  return { words, granularity: 'segment', ...(document.LanguageCode ? { language: document.LanguageCode } : {}) };
}
