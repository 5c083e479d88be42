import { z } from 'zod';

const none = z.object({ engine: z.literal('none') });
const openai = z.object({
  engine: z.literal('openai-compatible'),
  url: z.string(),
  model: z.string(),
  language: z.string().optional(),
  hasKey: z.boolean().describe('whether a bearer key is stored (wrapped by KMS; never shown)'),
});
const aws = z.object({
  engine: z.literal('aws-transcribe'),
  bucket: z.string().optional(),
  languageCode: z.string().optional(),
});

/** A tenant's engine as answered (never with its key). */
export const TranscriptionSettingsView = z
  .discriminatedUnion('engine', [none, openai, aws])
  .meta({ id: 'TranscriptionSettings' });

/** The engine in force; `source`: the tenant's own choice or the operator default. */
const source = { source: z.enum(['tenant', 'operator']) };
export const CurrentTranscriptionSettings = z
  .discriminatedUnion('engine', [none.extend(source), openai.extend(source), aws.extend(source)])
  .meta({ id: 'CurrentTranscriptionSettings' });
