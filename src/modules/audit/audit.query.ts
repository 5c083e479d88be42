import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { InputDateTime } from '../../common/contract/shapes';
import { CursorParam, decodeCursor, encodeCursor } from '../../common/contract/cursor';
import { AuditRepository, toRecord } from './audit.repository';

export const AuditQuerySchema = z
  .object({
    from: InputDateTime.optional().describe('ISO 8601, 1970 to 9999, inclusive'),
    to: InputDateTime.optional().describe('ISO 8601, 1970 to 9999, exclusive'),
    actor: z.string().max(200).optional().describe('an API key id or a user’s subject'),
    action: z.string().max(100).optional().describe('e.g. recording.stream'),
    resourceType: z.string().max(50).optional().describe('e.g. recording'),
    resource: z.string().max(200).optional().describe('a resource id'),
    cursor: CursorParam.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('events per page'),
    format: z.enum(['json', 'jsonl']).default('json').describe('jsonl: an export, one event per line'),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Events are read in chain order; the sequence number is unique, so it alone is an exact page boundary. */
const AuditCursor = z.strictObject({ seq: z.string().regex(/^\d{1,19}$/) });

/** Readers of the log: auditors' tenant-wide view (paged by sequence number) and one resource's history. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly events: AuditRepository) {}

  /** One page of events and the cursor of the next (null at the end). */
  async find(tenantId: string, q: AuditQuery) {
    const { cursor, ...filter } = q;
    const afterSeq = cursor ? decodeCursor(AuditCursor, cursor).seq : undefined;
    const rows = await this.events.find(tenantId, { ...filter, afterSeq });
    const items = rows.map((r) => ({
      ...toRecord(r),
      prevHash: r.prev_hash.toString('hex'),
      hash: r.hash.toString('hex'),
    }));
    const last = items.at(-1);
    return { items, nextCursor: last && items.length === q.limit ? encodeCursor({ seq: String(last.seq) }) : null };
  }

  /** Every event about one resource of a tenant (its access history), oldest first, at most `limit`. */
  about(resourceId: string, tenantId: string, limit: number) {
    return this.events.about(resourceId, tenantId, limit);
  }
}
