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
    events: z.int(),
    checkpoints: z.int(),
    lastSeq: z.int(),
    firstBadSeq: z.int().optional().describe('the first sequence number that cannot be trusted'),
    problem: z
      .enum([
        'forged-event',
        'missing-event',
        'prev-hash-mismatch',
        'hash-mismatch',
        'truncated-tail',
        'checkpoint-mismatch',
        'checkpoint-signature-invalid',
      ])
      .optional(),
    message: z.string(),
  })
  .meta({ id: 'AuditVerification' });
