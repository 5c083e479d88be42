import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../../common/access/permissions';
import { auditRequestIn } from '../../common/request-audit';
import { JURISDICTION_PATTERN } from '../consent/consent.rules';
import { RecordingRepository } from '../recordings/recording.repository';
import { RetentionPolicyRepository } from './retention-policy.repository';

const days = z.number().int().min(1).max(36_500);

export const RetentionPolicySchema = z.strictObject({
  defaultDays: days,
  byJurisdiction: z
    .record(
      z.string().regex(JURISDICTION_PATTERN, 'must be ISO 3166-1 alpha-2 or ISO 3166-2, e.g. "GB" or "US-CA"'),
      days,
    )
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
@Injectable()
export class RetentionPolicyService {
  constructor(
    private readonly ds: DataSource,
    private readonly policies: RetentionPolicyRepository,
    private readonly recordings: RecordingRepository,
  ) {}

  async get(tenantId: string) {
    const row = await this.policies.find(tenantId);
    if (!row) return { defaultDays: null, byJurisdiction: {}, updatedAt: null, updatedBy: null };
    return {
      defaultDays: row.defaultDays,
      byJurisdiction: row.byJurisdiction,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    };
  }

  async put(p: Principal, policy: RetentionPolicy) {
    await this.ds.transaction(async (m) => {
      await this.policies.upsert(m, {
        tenantId: p.tenantId,
        defaultDays: policy.defaultDays,
        byJurisdiction: policy.byJurisdiction,
        updatedBy: `${p.kind}:${p.id}`,
      });
      await this.recordings.applyRetentionPolicies(p.tenantId, m);
      await auditRequestIn(m);
    });
    return this.get(p.tenantId);
  }

  /** Brings `retain_until` in line with the current policies (one tenant, or all). */
  recomputeDeadlines(tenantId: string | null = null): Promise<void> {
    return this.recordings.applyRetentionPolicies(tenantId);
  }
}
