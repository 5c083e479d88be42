import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { toRecord } from './audit.verifier';

export const AuditQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    actor: z.string().max(200).optional(),
    action: z.string().max(100).optional(),
    resourceType: z.string().max(50).optional(),
    resource: z.string().max(200).optional(),
    afterSeq: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    format: z.enum(['json', 'jsonl']).default('json'),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Auditors' view of the log: their tenant's events, oldest first, paged by sequence number. */
@Injectable()
export class AuditQueryService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async find(tenantId: string, q: AuditQuery) {
    const where = ['tenant_id = $1'];
    const args: unknown[] = [tenantId];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    if (q.actor) add('actor_id = ?', q.actor);
    if (q.action) add('action = ?', q.action);
    if (q.resourceType) add('resource_type = ?', q.resourceType);
    if (q.resource) add('resource_id = ?', q.resource);
    if (q.afterSeq !== undefined) add('seq > ?', q.afterSeq);
    args.push(q.limit);
    const rows = await this.ds.query(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${args.length}`,
      args,
    );
    return rows.map((r: Parameters<typeof toRecord>[0]) => ({
      ...toRecord(r),
      prevHash: r.prev_hash.toString('hex'),
      hash: r.hash.toString('hex'),
    }));
  }
}
