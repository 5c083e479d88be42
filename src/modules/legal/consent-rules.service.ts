import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadRuleSet, parseRuleOverrides, type RuleOverrides, type RuleSet } from '../consent/consent.rules';
import type { Principal } from '../../common/access/permissions';

export interface StoredOverride {
  /** Our sequence number for the tenant (1, 2, …); `document.version` is the tenant's own label. */
  version: number;
  document: RuleOverrides;
  createdAt: Date;
  createdBy: string;
}

/**
 * The bundled consent rule set (validated once, at start-up) and each
 * tenant's override history. The pipeline calls `forTenant` per decision and
 * passes both to `decideConsent`, which merges them.
 */
@Injectable()
export class ConsentRulesService {
  readonly ruleSet: RuleSet = loadRuleSet();

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async forTenant(tenantId: string): Promise<{ ruleSet: RuleSet; overrides?: RuleOverrides }> {
    const current = await this.current(tenantId);
    return current ? { ruleSet: this.ruleSet, overrides: current.document } : { ruleSet: this.ruleSet };
  }

  async current(tenantId: string): Promise<StoredOverride | undefined> {
    const [row] = await this.ds.query(
      `SELECT version, document, created_at, created_by FROM consent_rule_overrides
        WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`,
      [tenantId],
    );
    return row ? toStored(row) : undefined;
  }

  /** Stores a new version; earlier ones stay, so old decisions remain traceable. */
  async put(p: Principal, document: RuleOverrides): Promise<StoredOverride> {
    // Parsed again by the consent module's own parser: what is stored is exactly what the pipeline will accept.
    const parsed = parseRuleOverrides(document);
    return this.ds.transaction(async (m) => {
      // One writer per tenant at a time, so versions are gapless and never collide.
      await m.query(`SELECT id FROM tenants WHERE id = $1 FOR UPDATE`, [p.tenantId]);
      const [row] = await m.query(
        `INSERT INTO consent_rule_overrides (tenant_id, version, document, created_by)
         SELECT $1, COALESCE(max(version), 0) + 1, $2, $3 FROM consent_rule_overrides WHERE tenant_id = $1
         RETURNING version, document, created_at, created_by`,
        [p.tenantId, JSON.stringify(parsed), `${p.kind}:${p.id}`],
      );
      return toStored(row);
    });
  }

  async history(tenantId: string): Promise<StoredOverride[]> {
    const rows = await this.ds.query(
      `SELECT version, document, created_at, created_by FROM consent_rule_overrides WHERE tenant_id = $1 ORDER BY version`,
      [tenantId],
    );
    return rows.map(toStored);
  }
}

function toStored(row: { version: number; document: RuleOverrides; created_at: Date; created_by: string }): StoredOverride {
  return { version: row.version, document: row.document, createdAt: row.created_at, createdBy: row.created_by };
}
