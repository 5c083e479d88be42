import { z } from 'zod';
import { assemblyAiDocument, fromAssemblyAi } from './formats/assemblyai';
import { awsTranscribeDocument, fromAwsTranscribe } from './formats/aws-transcribe';
import { azureSpeechDocument, fromAzureSpeech } from './formats/azure-speech';
import { CaptionFormatError, fromCaptions } from './formats/captions';
import { contactLensDocument, fromContactLens } from './formats/contact-lens';
import { deepgramDocument, fromDeepgram } from './formats/deepgram';
import { fromGoogleStt, googleSttDocument } from './formats/google-stt';
import { fromOpenAiWhisper, openAiWhisperDocument } from './formats/openai-whisper';
import { fromTwilioSentences, twilioSentencesDocument } from './formats/twilio';
import type { TranscriptWord } from './transcript.types';

/**
 * The upload's transcript is malformed. Messages name the JSON path and what
 * was expected, never the offending value: a word's text may be a card digit.
 */
export class TranscriptFormatError extends Error {
  readonly code = 'TRANSCRIPT_INVALID';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'TranscriptFormatError';
  }
}

const ms = z.number().nonnegative();

const wordSchema = z
  .object({
    text: z.string().min(1),
    startMs: ms,
    endMs: ms,
    channel: z.number().int().nonnegative().nullable().optional(),
    confidence: z.number().min(0).max(1).optional(),
    speaker: z.string().max(64).optional(),
  })
  .refine((w) => w.endMs >= w.startMs, { error: 'endMs is before startMs', path: ['endMs'] });

/** BCP 47 tag ("de-DE", "pt_BR") or a language name ("german") as recognisers write it. */
const language = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,}([-_][A-Za-z0-9]{1,8})*$/, 'expected a language tag like de-DE');

/** The document formats, keyed by `format`, and how each becomes the word timeline. */
const VENDORS = {
  'aws-transcribe': { schema: awsTranscribeDocument, read: fromAwsTranscribe },
  'aws-contact-lens': { schema: contactLensDocument, read: fromContactLens },
  'google-stt-v2': { schema: googleSttDocument, read: fromGoogleStt },
  'azure-speech': { schema: azureSpeechDocument, read: fromAzureSpeech },
  deepgram: { schema: deepgramDocument, read: fromDeepgram },
  assemblyai: { schema: assemblyAiDocument, read: fromAssemblyAi },
  'openai-verbose-json': { schema: openAiWhisperDocument, read: fromOpenAiWhisper },
  'twilio-sentences': { schema: twilioSentencesDocument, read: fromTwilioSentences },
} as const;

export type VendorFormat = keyof typeof VENDORS;
export const VENDOR_FORMATS = Object.keys(VENDORS) as VendorFormat[];
export const CAPTION_FORMATS = ['webvtt', 'srt'] as const;
export type TranscriptFormat = 'words' | VendorFormat | (typeof CAPTION_FORMATS)[number];

const envelopeSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('words'), words: z.array(wordSchema), language: language.optional() }),
  ...VENDOR_FORMATS.map((format) =>
    z.object({ format: z.literal(format), document: z.unknown(), language: language.optional() }),
  ),
  z.object({ format: z.enum(CAPTION_FORMATS), text: z.string().max(32 * 1024 * 1024), language: language.optional() }),
] as unknown as [z.ZodObject<{ format: z.ZodLiteral<string> }>]);

export interface ParsedTranscript {
  format: TranscriptFormat;
  /** Sorted by time. */
  words: TranscriptWord[];
  /** What the upload or the recogniser says was spoken, as given. */
  language?: string;
  /** `segment`: no word timings (captions, turns); card data mutes the whole cue. */
  granularity: 'word' | 'segment';
}

/**
 * Validates an uploaded transcript in any supported format and returns its
 * words as one timeline. `path` is where the transcript sits in the request.
 */
export function parseTranscript(input: unknown, path = 'transcript'): ParsedTranscript {
  const envelope = check(envelopeSchema, input, path) as {
    format: TranscriptFormat;
    language?: string;
    words?: unknown;
    document?: unknown;
    text?: string;
  };
  const { format } = envelope;
  let read: Omit<ParsedTranscript, 'format'>;
  if (format === 'words') {
    const words = (envelope.words as z.infer<typeof wordSchema>[]).map((w) => ({
      text: w.text,
      startMs: w.startMs,
      endMs: w.endMs,
      channel: w.channel ?? null,
      ...(w.confidence === undefined ? {} : { confidence: w.confidence }),
      ...(w.speaker === undefined ? {} : { speaker: w.speaker }),
    }));
    read = { words, granularity: 'word' };
  } else if (format === 'webvtt' || format === 'srt') {
    try {
      read = fromCaptions(envelope.text ?? '', format);
    } catch (e) {
      if (e instanceof CaptionFormatError) throw new TranscriptFormatError(`${path}.text`, e.message);
      throw e;
    }
  } else {
    const vendor = VENDORS[format] as { schema: z.ZodType; read: (d: unknown) => Omit<ParsedTranscript, 'format'> };
    read = vendor.read(check(vendor.schema, envelope.document, `${path}.document`));
  }
  read.words.sort((a, b) => a.startMs - b.startMs || (a.channel ?? -1) - (b.channel ?? -1) || a.endMs - b.endMs);
  const lang = envelope.language ?? read.language;
  return { format, words: read.words, granularity: read.granularity, ...(lang ? { language: lang } : {}) };
}

function check<T>(schema: z.ZodType<T>, input: unknown, path: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TranscriptFormatError(joinPath(path, issue.path), issue.message);
  }
  return parsed.data;
}

function joinPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}
