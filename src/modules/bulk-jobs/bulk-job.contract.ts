import { z } from 'zod';
import { CursorParam } from '../../common/contract/cursor';
import { Id, Timestamp } from '../../common/contract/shapes';
import { freeText } from '../../common/validation';
import { ListRecordingsSchema } from '../recordings/recording.service';
import { E164 } from '../tenants/phone-hasher';
import { BULK_JOB_KINDS, BULK_JOB_STATUSES } from './bulk-job.entity';

/** At most this many items a job. */
export const MAX_ITEMS = 10_000;

/** The filters of GET /v1/recordings (query-string forms), and the matter of a legal hold. */
const RecordingFilter = ListRecordingsSchema.omit({ limit: true, cursor: true, sort: true }).extend({
  matter: freeText(200).optional().describe('a matter’s reference: only recordings ever held for that matter'),
});

const phone = z.string().regex(E164, 'must be an E.164 number, e.g. +14155550134');

// S3 bucket naming rules (3–63 lowercase letters, digits, dots, hyphens).
const Bucket = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
  .describe('a bucket the service can read');

export const StartJobBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('evidence-export'),
      params: RecordingFilter.default({}).describe('which recordings: the filters of GET /v1/recordings, and matter'),
    }),
    z.strictObject({
      kind: z.literal('audio-export'),
      params: RecordingFilter.extend({
        purpose: freeText(200).describe('why the audio is exported; audited per item'),
      }),
    }),
    z.strictObject({ kind: z.literal('dsar-export'), params: z.strictObject({ phone }) }),
    z.strictObject({ kind: z.literal('dsar-erase'), params: z.strictObject({ phone, reason: freeText(2000) }) }),
    z.strictObject({
      kind: z.literal('import'),
      params: z.strictObject({
        bucket: Bucket,
        items: z
          .array(
            z.strictObject({
              key: z.string().min(1).max(1024).describe('the audio object'),
              metadata: z
                .record(z.string(), z.unknown())
                .describe('the upload metadata (as for POST /v1/recordings); checked per item'),
            }),
          )
          .min(1)
          .max(MAX_ITEMS),
      }),
    }),
  ])
  .meta({ id: 'StartJob' });
export type StartJob = z.infer<typeof StartJobBody>;

export const JobKind = z.enum(BULK_JOB_KINDS).meta({ id: 'JobKind' });
export const JobStatus = z.enum(BULK_JOB_STATUSES).meta({ id: 'JobStatus' });

export const JobView = z
  .object({
    id: Id,
    kind: JobKind,
    status: JobStatus,
    params: z.record(z.string(), z.unknown()).describe('as started; phone numbers masked, import items counted'),
    total: z.int(),
    done: z.int().describe('items finished successfully'),
    failed: z.int().describe('items that failed (GET …/items)'),
    etaSeconds: z.number().nullable().describe('while running: remaining items at the rate observed so far'),
    createdBy: z.object({ kind: z.string(), id: z.string(), role: z.string() }),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    error: z.string().nullable(),
    deletedAt: Timestamp.nullable().describe(
      'DELETE /v1/jobs/{id}: the items and the archive are gone; this record stays as the job’s tombstone',
    ),
    resultShreddedAt: Timestamp.nullable().describe(
      'when the archive was crypto-shredded (the job deleted, or BULK_JOB_ARCHIVE_RETENTION_DAYS after it ' +
        'finished); its link then answers 410 JOB_RESULT_GONE',
    ),
    result: z
      .object({ bytes: z.int(), contentType: z.string(), link: z.string().describe('POST here for a download URL') })
      .nullable()
      .describe('the archive (exports), once succeeded'),
  })
  .meta({ id: 'Job' });

export const JobStarted = JobView.extend({
  cardDataMasked: z
    .array(z.string())
    .describe(
      'paths of free-text parameters (q, matter, purpose, reason) whose card data was masked before anything was stored',
    ),
}).meta({ id: 'JobStarted' });

export const JobPage = z
  .object({
    items: z.array(JobView),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null at the end'),
  })
  .meta({ id: 'JobPage' });

export const ListJobsQuery = z
  .object({
    status: JobStatus.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: CursorParam.optional(),
  })
  .strict();

export const JobItemsQuery = z
  .object({
    status: z.enum(['failed', 'succeeded', 'pending']).default('failed'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: CursorParam.optional(),
  })
  .strict();

export const JobItemPage = z
  .object({
    items: z.array(
      z.object({
        seq: z.int(),
        ref: z.string().describe('the recording id, or (import) the object key'),
        status: z.enum(['pending', 'succeeded', 'failed']),
        errorCode: z.string().nullable().describe('e.g. RECORDING_NOT_AVAILABLE, RECORDING_ON_HOLD, OBJECT_NOT_FOUND'),
        errorMessage: z.string().nullable(),
        recordingId: Id.nullable().describe('import: the recording created (or found by externalCallId)'),
        finishedAt: Timestamp.nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'JobItemPage' });

export const ResultLink = z
  .object({
    url: z.string().describe('relative URL with a short-lived token (≤ 5 minutes)'),
    expiresAt: Timestamp,
  })
  .meta({ id: 'JobResultLink' });
