import { z } from 'zod';
import { Id, Timestamp } from '../../common/contract/shapes';

/**
 * Every webhook event, one zod schema each: the body the vault signs and posts
 * (Standard Webhooks' `{ type, timestamp, data }`), the OpenAPI `webhooks`
 * entries and the client's types are all generated from these. `data` carries
 * ids, statuses and codes only — never card data, keys, tokens or free text.
 */
const RecordingRef = {
  recordingId: Id,
  externalCallId: z.string().describe('the platform’s call id, as uploaded'),
};

const RecordingStatusData = (status: string) => z.object({ ...RecordingRef, status: z.literal(status) }).strict();

const RecordingEndedData = (status: string) =>
  z
    .object({
      ...RecordingRef,
      status: z.literal(status),
      reasonCode: z.string().describe('why, as a stable code (CONSENT_INSUFFICIENT, VERIFICATION_FAILED, …)'),
    })
    .strict();

const DeletionReason = z.enum(['manual', 'retention', 'erasure']);

const HoldData = z
  .object({
    recordingId: Id,
    holdId: Id,
    recordingHeld: z.boolean().describe('whether the recording is still under any hold after this change'),
  })
  .strict();

const DeletionData = z
  .object({ ...RecordingRef, certificateId: Id, reason: DeletionReason, deletedAt: Timestamp })
  .strict();

const JobData = z
  .object({
    jobId: Id,
    kind: z.enum(['evidence-export', 'audio-export', 'dsar-export', 'dsar-erase', 'import']),
    status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    total: z.int(),
    done: z.int(),
    failed: z.int(),
  })
  .strict();

/** Event type → its `data` schema and what it means (the OpenAPI summary). */
export const WEBHOOK_EVENTS = {
  'recording.received': {
    data: RecordingStatusData('received'),
    summary: 'An upload was stored (encrypted) and accepted; processing starts',
  },
  'recording.awaiting_consent': {
    data: RecordingEndedData('awaiting_consent'),
    summary: 'The recording waits for late consent (POST /v1/recordings/{id}/consent) until CONSENT_WAIT has passed',
  },
  'recording.processing': {
    data: RecordingStatusData('processing'),
    summary: 'Consent allowed the recording; redaction runs',
  },
  'recording.available': {
    data: RecordingStatusData('available').extend({
      warnings: z
        .array(z.enum(['MEDIA_TRUNCATED']))
        .optional()
        .describe('codes of the recording’s warnings, when it has any (GET /v1/recordings/{id} has the figures)'),
    }),
    summary: 'The redacted, verified recording can be streamed',
  },
  'recording.rejected': {
    data: RecordingEndedData('rejected'),
    summary: 'Consent was insufficient: the audio was destroyed, the reason kept',
  },
  'recording.failed': {
    data: RecordingEndedData('failed'),
    summary: 'Processing failed closed (detection, verification, media): the audio was destroyed',
  },
  'recording.deleted': {
    data: DeletionData,
    summary: 'The recording was deleted (manually, by retention or by an erasure); its keys are destroyed',
  },
  'deletion.certificate': {
    data: DeletionData,
    summary: 'A signed deletion certificate was issued for the deleted recording',
  },
  'retention.deleted': {
    data: DeletionData.extend({ reason: z.literal('retention') }),
    summary: 'The retention sweep deleted a recording whose retention period ended',
  },
  'hold.placed': { data: HoldData, summary: 'A legal hold was placed on a recording' },
  'hold.released': { data: HoldData, summary: 'A legal hold was released (the recording may still be held by others)' },
  'job.progress': {
    data: JobData.extend({ status: z.literal('running') }),
    summary: 'A bulk job finished another batch of items (every 25, counts as in GET /v1/jobs/{id})',
  },
  'job.completed': { data: JobData, summary: 'A bulk job ended: succeeded, failed or cancelled' },
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export type WebhookEventData<T extends WebhookEventType> = z.input<(typeof WEBHOOK_EVENTS)[T]['data']>;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEventType, ...WebhookEventType[]];
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

/** The body of one event type, a named component `WebhookEvent_<type>`. */
export function eventBodySchema(type: WebhookEventType) {
  return z
    .object({
      type: z.literal(type),
      timestamp: Timestamp.describe('when the event happened'),
      data: WEBHOOK_EVENTS[type].data,
    })
    .strict()
    .meta({ id: `WebhookEvent_${type.replace(/\./g, '_')}`, description: WEBHOOK_EVENTS[type].summary });
}
