import { z } from 'zod';
import { freeText } from '../../common/validation';
import { Id, Timestamp } from '../../common/contract/shapes';

/** What the recordings routes answer with; the OpenAPI document and the typed client are generated from these. */
export const RecordingStatus = z
  .enum(['received', 'awaiting_consent', 'processing', 'available', 'rejected', 'failed', 'deleted'])
  .meta({ id: 'RecordingStatus' });

export const RecordingSummary = z
  .object({
    id: Id,
    externalCallId: z.string(),
    status: RecordingStatus,
    statusReason: z.string().nullable().describe('why it is rejected, failed or awaiting consent'),
    direction: z.enum(['inbound', 'outbound', 'internal']).nullable(),
    startedAt: Timestamp.nullable(),
    durationMs: z.int().nullable(),
    mediaFormat: z.string().nullable(),
    legalHold: z.boolean(),
    createdAt: Timestamp.describe('when the vault received it; lists are ordered by it'),
    links: z.object({ self: z.string(), audio: z.string(), redactions: z.string(), evidence: z.string() }),
  })
  .meta({ id: 'RecordingSummary' });

const ConsentDecisionView = z
  .object({
    outcome: z.enum(['allowed', 'allowed_trimmed', 'rejected']),
    ruleSetVersion: z.string(),
    reasons: z.array(z.object({ code: z.string(), message: z.string() })),
    trims: z.array(
      z.object({
        startMs: z.number(),
        endMs: z.number(),
        reason: z.enum(['CONSENT_NOT_YET_GIVEN', 'CONSENT_REVOKED', 'CONSENT_DECLINED']),
      }),
    ),
  })
  .meta({ id: 'ConsentDecisionSummary' });

export const RecordingWarning = z
  .object({
    code: z.enum(['MEDIA_TRUNCATED']),
    message: z.string(),
    declaredMs: z.int().optional().describe('the length the file claims for itself, when it claims one'),
    decodedMs: z.int().describe('the length of the audio it holds, which is what is stored'),
  })
  .meta({ id: 'RecordingWarning' });

export type RecordingWarning = z.infer<typeof RecordingWarning>;

export const RecordingDetail = RecordingSummary.extend({
  sampleRate: z.int().nullable(),
  channels: z.int().nullable(),
  availableAt: Timestamp.nullable(),
  decision: ConsentDecisionView.nullable(),
  redaction: z
    .object({
      spans: z.int(),
      kinds: z.array(z.string()),
      detectorsRun: z.array(z.string()),
      detectorsNotRun: z.array(z.object({ name: z.string(), reason: z.string().optional() })),
      verified: z.boolean(),
    })
    .nullable(),
  metadataMasked: z.array(z.string()).describe('free-text metadata fields whose card data was masked at upload'),
  warnings: z
    .array(RecordingWarning)
    .describe('what is stored differs from what the upload claimed (MEDIA_TRUNCATED: the file was cut short)'),
}).meta({ id: 'RecordingDetail' });

export const RecordingPage = z
  .object({
    items: z.array(RecordingSummary),
    nextCursor: z
      .string()
      .nullable()
      .describe('pass as `cursor` (with the same filters and sort) for the next page; null at the end'),
  })
  .meta({ id: 'RecordingPage' });

const Detector = z.enum(['dtmf', 'transcript', 'marker', 'consent']);

export const RedactionSpan = z
  .object({
    startMs: z.number(),
    endMs: z.number(),
    channel: z.int().nullable().describe('where it was found; null: every channel (muting is always on all)'),
    kind: z.enum(['pan', 'cvv', 'expiry', 'dtmf', 'marker', 'consent-trim']),
    detector: Detector,
    confidence: z.number(),
    masked: z.string().describe('•••• 1111 for a card number, bullets only for anything else'),
    notes: z
      .array(
        z.enum([
          'luhn-failed',
          'misheard-digits',
          'joined-across-interruptions',
          'unexpected-length',
          'segment-level',
          'found-after-redaction',
        ]),
      )
      .optional(),
  })
  .meta({ id: 'RedactionSpan' });

export const RedactionReport = z
  .object({
    version: z.literal(1),
    output: z.object({ format: z.string(), codec: z.string(), fallback: z.string().optional() }).optional(),
    paddingMs: z.number(),
    mode: z.enum(['mute', 'tone']),
    durationMs: z.number(),
    spans: z.array(RedactionSpan),
    detectors: z.array(z.object({ name: Detector, ran: z.boolean(), reason: z.string().optional(), found: z.int() })),
    transcript: z
      .object({
        format: z.string(),
        granularity: z.enum(['word', 'segment']),
        language: z.object({
          codes: z.array(z.string()),
          source: z.enum(['transcript', 'jurisdiction', 'default']),
          requested: z.string().optional(),
          supported: z.boolean(),
        }),
      })
      .optional(),
    verification: z.object({
      passed: z.boolean(),
      codec: z.string(),
      maxPeakDbfs: z.number().nullable(),
      edgeMarginMs: z.number(),
      spansChecked: z.int(),
      worstPeakDbfs: z.number().nullable(),
      residualDtmf: z.int(),
      attempts: z.int(),
      failures: z.array(z.string()),
    }),
  })
  .meta({ id: 'RedactionReport' });

export const RedactionsView = z.object({
  recordingId: Id,
  status: RecordingStatus,
  report: RedactionReport.nullable().describe('null until the recording has been redacted'),
  metadataMasked: z.array(z.string()).describe('free-text metadata fields whose card data was masked at upload'),
});

export const PlaybackBody = z.object({ purpose: freeText(200).describe('why you listen; audited') }).strict();

export const PlaybackLink = z
  .object({
    url: z.string().describe('relative URL with a short-lived token, for an <audio> element'),
    expiresAt: Timestamp,
  })
  .meta({ id: 'PlaybackLink' });

export const RedactedTranscript = z
  .object({
    recordingId: Id,
    version: z.literal(1),
    language: z.string().optional().describe('BCP 47 tag of the transcript, when known'),
    words: z.array(
      z.object({
        text: z.string().describe('the word, or its kind in brackets where it was card data: "[card number]"'),
        startMs: z.number().int(),
        endMs: z.number().int(),
        channel: z.number().int().nullable(),
        redacted: z.string().optional().describe('set when the word stood for card data (its kind)'),
      }),
    ),
  })
  .meta({ id: 'RedactedTranscript' });

export const Waveform = z
  .object({
    recordingId: Id,
    version: z.literal(1),
    durationMs: z.number().int(),
    msPerPeak: z.number().int().describe('milliseconds of audio per peak; the last bucket may be shorter'),
    peaks: z.string().describe('one byte per bucket, base64: the bucket’s peak |sample| scaled to 0–255'),
  })
  .meta({ id: 'Waveform' });
