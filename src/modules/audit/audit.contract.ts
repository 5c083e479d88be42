import { z } from 'zod';
import { Timestamp } from '../../common/contract/shapes';

/** What the audit routes answer with; the OpenAPI document and the typed client are generated from these. */
export const AuditEvent = z
  .object({
    seq: z.int(),
    at: Timestamp,
    actor: z.object({
      kind: z.string(),
      id: z.string().nullable(),
      role: z.string().nullable(),
      tenant: z.string().nullable(),
    }),
    action: z.string().meta({ examples: ['recording.stream'] }),
    resource: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    outcome: z.enum(['success', 'denied', 'error']),
    purpose: z.string().nullable(),
    origin: z.object({ ip: z.string().nullable(), userAgent: z.string().nullable() }),
    correlationId: z.string().nullable(),
    details: z.unknown(),
    prevHash: z.string().describe('hex'),
    hash: z.string().describe('hex'),
  })
  .meta({ id: 'AuditEvent' });

export const AuditPage = z
  .object({
    items: z.array(AuditEvent),
    nextCursor: z.string().nullable().describe('pass as `cursor` (same filters) for the next page; null at the end'),
  })
  .meta({ id: 'AuditPage' });

export const AuditVerification = z
  .object({
    valid: z.boolean(),
    ok: z.boolean().describe('same as valid'),
    problem: z
      .enum([
        'forged-event',
        'missing-event',
        'prev-hash-mismatch',
        'hash-mismatch',
        'truncated-tail',
        'checkpoint-mismatch',
        'checkpoint-signature-invalid',
        'anchor-missing-from-table',
        'uncovered-events',
      ])
      .optional(),
    message: z.string(),
    anchors: z
      .object({
        objectLock: z
          .enum(['compliance', 'unsupported'])
          .describe('whether the object store protects anchored checkpoints with Object Lock (compliance mode)'),
        note: z.string().optional(),
      })
      .describe('checkpoints anchored write-once in the object store'),
  })
  .meta({ id: 'AuditVerification' });
