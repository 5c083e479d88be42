import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ContainerFormat } from '../media/media.types';
import type { ParsedTranscript } from '../redaction/transcript/transcript.parser';

export const TRANSCRIPTION_ENGINES = ['none', 'openai-compatible', 'aws-transcribe'] as const;
export type TranscriptionEngineName = (typeof TRANSCRIPTION_ENGINES)[number];

const language = z
  .string()
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'expected a language tag like en or en-US')
  .optional();

/** A tenant's engine as stored (never with its key) and as `PUT …/transcription` takes it (with the key). */
export const TranscriptionSettingsBody = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('none') }).strict(),
  z
    .object({
      engine: z.literal('openai-compatible'),
      url: z.string().max(2048),
      model: z.string().min(1).max(200),
      apiKey: z.string().min(1).max(4096).optional(),
      language,
    })
    .strict(),
  z
    .object({
      engine: z.literal('aws-transcribe'),
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
        .optional(),
      languageCode: language,
    })
    .strict(),
]);
export type TranscriptionSettingsInput = z.infer<typeof TranscriptionSettingsBody>;
/** What is stored in `tenants.transcription`: the settings minus the key. */
export type StoredTranscriptionSettings =
  | { engine: 'none' }
  | { engine: 'openai-compatible'; url: string; model: string; language?: string; hasKey: boolean }
  | { engine: 'aws-transcribe'; bucket?: string; languageCode?: string };

/** The audio to transcribe: the decrypted quarantine copy, only ever in pipes and memory. */
export interface TranscriptionInput {
  tenantId: string;
  recordingId: string;
  format: ContainerFormat;
  sampleRate: number;
  channels: number;
  /** Interleaved s16le frames decoded by ffmpeg from the upload, re-opened per call. */
  pcm(): AsyncIterable<Int16Array>;
  /** The upload as received (decrypted), re-opened per call. */
  encoded(): Readable;
}

/** The port: one implementation per engine, chosen per tenant. */
export interface Transcriber {
  readonly engine: Exclude<TranscriptionEngineName, 'none'>;
  transcribe(input: TranscriptionInput, signal: AbortSignal): Promise<ParsedTranscript>;
}

/**
 * The engine did not deliver a usable transcript. `retryable` failures (network,
 * timeouts, 429 and 5xx) are tried again with backoff; the message never carries
 * a word of the transcript or the engine's key.
 */
export class TranscriptionError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TranscriptionError';
  }
}
