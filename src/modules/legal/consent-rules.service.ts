import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { guardCardData } from '../../common/validation';
import { auditRequestIn } from '../../common/request-audit';
import type { Principal } from '../../common/access/permissions';
import {
  loadRuleSet,
  looseningsOf,
  parseRuleOverrides,
  type RuleOverrides,
  type RuleSet,
} from '../consent/consent.rules';
import { TenantService } from '../tenants/tenant.service';
import type { ConsentRuleOverrideEntity } from './consent-rule-override.entity';
import { ConsentRuleOverrideRepository } from './consent-rule-override.repository';

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

  constructor(
    private readonly ds: DataSource,
    private readonly overrides: ConsentRuleOverrideRepository,
    private readonly tenants: TenantService,
  ) {}

  async forTenant(tenantId: string): Promise<{ ruleSet: RuleSet; overrides?: RuleOverrides }> {
    const current = await this.current(tenantId);
    return current ? { ruleSet: this.ruleSet, overrides: current.document } : { ruleSet: this.ruleSet };
  }

  async current(tenantId: string): Promise<StoredOverride | undefined> {
    const row = await this.overrides.latest(tenantId);
    return row ? toStored(row) : undefined;
  }

  /**
   * Stores a new version; earlier ones stay, so old decisions remain traceable.
   * An override may only tighten the law; one that loosens any attribute is
   * refused, naming each field.
   */
  async put(p: Principal, given: RuleOverrides): Promise<StoredOverride & { cardDataMasked: string[] }> {
    // Card data in the citations and references is masked, and a version label holding a card number
    // refused, before anything is stored or echoed (the stored document is served as submitted).
    const guarded = guardCardData(given, '', [], isOverrideFreeText);
    // Parsed again by the consent module's own parser: what is stored is exactly what the pipeline will accept.
    const parsed = parseRuleOverrides(guarded.value);
    const looser = looseningsOf(this.ruleSet, parsed);
    if (looser.length > 0) {
      throw new AppException('CONSENT_RULE_LOOSER_THAN_LAW', `${looser[0].path}: ${looser[0].message}`, {
        details: looser,
      });
    }
    return this.ds.transaction(async (m) => {
      // One writer per tenant at a time, so versions are gapless and never collide.
      await this.tenants.lock(p.tenantId, m);
      const row = await this.overrides.insertNext(m, p.tenantId, parsed, `${p.kind}:${p.id}`);
      const stored = toStored(row);
      await auditRequestIn(m, {
        details: {
          overrideVersion: stored.version,
          label: stored.document.version,
          jurisdictions: Object.keys(stored.document.rules ?? {}),
          declarations: Object.keys(stored.document.declarations ?? {}),
        },
      });
      return { ...stored, cardDataMasked: guarded.masked };
    });
  }

  async history(tenantId: string): Promise<StoredOverride[]> {
    return (await this.overrides.history(tenantId)).map(toStored);
  }
}

/** The prose of an override: citations, notes, bases and references. The version label and jurisdiction codes are ids. */
function isOverrideFreeText(path: string): boolean {
  return /\.(citation|note|lawfulBasis|basis|reference|worksCouncilAgreement)$/.test(path);
}

function toStored(row: ConsentRuleOverrideEntity): StoredOverride {
  return { version: row.version, document: row.document, createdAt: row.createdAt, createdBy: row.createdBy };
}
