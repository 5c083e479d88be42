import { Controller, Get, Put, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { ruleOverridesSchema, type RuleOverrides } from '../consent/consent.rules';
import { ConsentRulesService } from './consent-rules.service';
import { ConsentRulesStored, ConsentRulesView, RetentionPolicyView } from './legal.contract';
import { RetentionPolicySchema, RetentionPolicyService, type RetentionPolicy } from './retention-policy.service';

const CONSENT_RULES_EXAMPLE = {
  version: 'acme-2026-12',
  rules: {
    'US-GA': { partyConsent: 'all', acceptsNotice: false, citation: 'Tenant policy CR-7: explicit consent everywhere' },
  },
  declarations: {
    employeeConsent: {
      reference: 'HR file EC-2026 (signed employee consents)',
      worksCouncilAgreement: 'BV Gesprächsaufzeichnung 2026-03',
      jurisdictions: ['DE'],
    },
    lawfulBasis: {
      FR: {
        basis: 'GDPR Art. 6(1)(c): MiFID II art. 16(7) requires recording of order calls',
        reference: 'Compliance memo 2026-04',
      },
    },
    recordingLocation: { jurisdiction: 'US-AZ', reference: 'Phoenix contact centre; recording servers in Arizona' },
  },
};

@ApiTags('tenants')
@Controller('v1/tenants/current')
export class TenantPolicyController {
  constructor(
    private readonly rules: ConsentRulesService,
    private readonly retention: RetentionPolicyService,
  ) {}

  @Get('consent-rules')
  @RequirePermission('tenant.policy', 'The bundled consent rule-set version and the tenant’s current override')
  @Returns(200, ConsentRulesView, { description: 'the rule set and the override (null: none)' })
  async consentRules(@CurrentPrincipal() p: Principal) {
    const current = await this.rules.current(p.tenantId);
    return { ruleSet: { version: this.rules.ruleSet.version }, override: current ?? null };
  }

  @Put('consent-rules')
  @RequirePermission(
    'tenant.policy',
    'Replace the tenant’s consent-rule override; every version is kept. `rules` tightens the bundled rule of a jurisdiction attribute by attribute ' +
      '(partyConsent, acceptsNotice, impliedByKnowledge, noticeMustBeRecorded, priorConsentMustBeWritten, agentMustConsent, extraterritorial, declineScope, decidablePerCall), ' +
      'each entry with the tenant’s citation; an attribute looser than the law is refused with 400 CONSENT_RULE_LOOSER_THAN_LAW naming the field. A jurisdiction without a bundled rule takes the entry as given. ' +
      '`declarations` states facts no single call shows, each with a reference the evidence bundle cites: employeeConsent (employees’ consent or the works-council/union agreement, for rules where the agent must consent, e.g. DE), ' +
      'lawfulBasis per jurisdiction (for rules that cannot be decided per call, e.g. FR), and recordingLocation (where recordings are made, for rules that do not reach recordings made elsewhere, e.g. US-NV).',
    ['VALIDATION_FAILED', 'CONSENT_RULE_LOOSER_THAN_LAW'],
  )
  @Returns(200, ConsentRulesStored, { description: 'the stored override' })
  async putConsentRules(
    @CurrentPrincipal() p: Principal,
    @ValidBody(ruleOverridesSchema, { example: CONSENT_RULES_EXAMPLE }) input: RuleOverrides,
  ) {
    // The request's audit event (with the version stored) is written in the override's transaction.
    const { cardDataMasked, ...stored } = await this.rules.put(p, input);
    return { ruleSet: { version: this.rules.ruleSet.version }, override: stored, cardDataMasked };
  }

  @Get('retention')
  @RequirePermission('tenant.policy', 'The tenant’s retention policy (null days: kept until deleted)')
  @Returns(200, RetentionPolicyView, { description: 'the policy' })
  retentionPolicy(@CurrentPrincipal() p: Principal) {
    return this.retention.get(p.tenantId);
  }

  @Put('retention')
  @RequirePermission('tenant.policy', 'Set the retention policy; deadlines of existing recordings follow it', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, RetentionPolicyView, { description: 'the policy now in force' })
  async putRetention(
    @CurrentPrincipal() p: Principal,
    @ValidBody(RetentionPolicySchema, { example: { defaultDays: 730, byJurisdiction: { 'US-CA': 365 } } })
    policy: RetentionPolicy,
    @Req() req: Request,
  ) {
    req.auditDetails = { policy };
    return this.retention.put(p, policy);
  }
}
