import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { JURISDICTION_PATTERN } from '../consent/consent.rules';
import type { Principal } from '../../common/access/permissions';

const days = z.number().int().min(1).max(36_500);

export const RetentionPolicySchema = z.strictObject({
  defaultDays: days,
  byJurisdiction: z
    .record(z.string().regex(JURISDICTION_PATTERN, 'must be ISO 3166-1 alpha-2 or ISO 3166-2, e.g. "GB" or "US-CA"'), days)
    .default({}),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/**
 * A recording's deadline is its start (else its arrival) plus the LONGEST
 * period that applies to any participant: each participant's jurisdiction
 * (exact code, else its country), else the tenant default. Longest, because
 * retention periods are mostly minimums a regulator expects, and a deletion
 * cannot be undone while an erasure request still can shorten it.
 * No policy means recordings are kept until deleted by hand or by erasure.
 *
 * The deadline is derived, not set: `recordings.retain_until` is recomputed
 * from the current policy on every change of it and on every sweep, so a
 * changed policy applies to existing recordings too.
 */
const DEADLINES = `
  WITH d AS (
    SELECT r.id,
           COALESCE(r.started_at, r.created_at) + make_interval(days => COALESCE(
             (SELECT max(COALESCE((p.by_jurisdiction ->> pt.jurisdiction)::int,
                                  (p.by_jurisdiction ->> left(pt.jurisdiction, 2))::int,
                                  p.default_days))
                FROM participants pt WHERE pt.recording_id = r.id),
             p.default_days)) AS deadline
      FROM recordings r JOIN retention_policies p ON p.tenant_id = r.tenant_id
     WHERE r.status <> 'deleted' AND ($1::uuid IS NULL OR r.tenant_id = $1)
  )
  UPDATE recordings r SET retain_until = d.deadline FROM d
   WHERE r.id = d.id AND r.retain_until IS DISTINCT FROM d.deadline`;

@Injectable()
export class RetentionPolicyService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async get(tenantId: string) {
    const [row] = await this.ds.query(
      `SELECT default_days, by_jurisdiction, updated_at, updated_by FROM retention_policies WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) return { defaultDays: null, byJurisdiction: {}, updatedAt: null, updatedBy: null };
    return { defaultDays: row.default_days, byJurisdiction: row.by_jurisdiction, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async put(p: Principal, policy: RetentionPolicy) {
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO retention_policies (tenant_id, default_days, by_jurisdiction, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (tenant_id) DO UPDATE
           SET default_days = EXCLUDED.default_days, by_jurisdiction = EXCLUDED.by_jurisdiction,
               updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [p.tenantId, policy.defaultDays, JSON.stringify(policy.byJurisdiction), `${p.kind}:${p.id}`],
      );
      await this.recomputeDeadlines(p.tenantId, m);
    });
    return this.get(p.tenantId);
  }

  /** Brings `retain_until` in line with the current policies (one tenant, or all). */
  async recomputeDeadlines(tenantId: string | null = null, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(DEADLINES, [tenantId]);
  }
}
