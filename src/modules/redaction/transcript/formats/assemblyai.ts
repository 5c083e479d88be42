import { z } from 'zod';
import { confidence, word, type VendorTranscript } from './format-support';

/** AssemblyAI transcript: words in milliseconds, `channel` counting from "1" when multichannel was on. */
export const assemblyAiDocument = z.object({
  language_code: z.string().max(35).nullable().optional(),
  words: z.array(
    z
      .object({
        text: z.string(),
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        confidence: confidence.optional(),
        speaker: z.string().max(64).nullable().optional(),
        channel: z
          .string()
          .regex(/^\d{1,2}$/, 'expected a channel number like "1"')
          .nullable()
          .optional(),
      })
      .refine((w) => w.end >= w.start, { error: 'end is before start', path: ['end'] }),
  ),
});

export function fromAssemblyAi(document: z.infer<typeof assemblyAiDocument>): VendorTranscript {
  const words = document.words.map((w) =>
    word(w.text, w.start, w.end, w.channel ? Math.max(0, Number(w.channel) - 1) : null, {
      ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
      ...(w.speaker ? { speaker: w.speaker } : {}),
    }),
  );
  return {
    words,
    granularity: 'word',
    ...(document.language_code ? { language: document.language_code.replace('_', '-') } : {}),
  };
}
