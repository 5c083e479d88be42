import { z } from 'zod';

/** A tenant's engine as answered (never with its key); `source`: the tenant's own choice or the operator default. */
export const TranscriptionSettingsView = z
  .discriminatedUnion('engine', [
    z.object({ engine: z.literal('none') }),
    z.object({
      engine: z.literal('openai-compatible'),
      url: z.string(),
      model: z.string(),
      language: z.string().optional(),
      hasKey: z.boolean().describe('whether a bearer key is stored (wrapped by KMS; never shown)'),
    }),
    z.object({
      engine: z.literal('aws-transcribe'),
      bucket: z.string().optional(),
      languageCode: z.string().optional(),
    }),
  ])
  .meta({ id: 'TranscriptionSettings' });

export const CurrentTranscriptionSettings = z
  .intersection(TranscriptionSettingsView, z.object({ source: z.enum(['tenant', 'operator']) }))
  .meta({ id: 'CurrentTranscriptionSettings' });
