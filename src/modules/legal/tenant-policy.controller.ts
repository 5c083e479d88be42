import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { ruleOverridesSchema } from '../consent/consent.rules';
import { ConsentRulesService } from './consent-rules.service';
import { RetentionPolicySchema, RetentionPolicyService } from './retention-policy.service';

@ApiTags('tenants')
@Controller('v1/tenants/current')
export class TenantPolicyController {
  constructor(
    private readonly rules: ConsentRulesService,
    private readonly retention: RetentionPolicyService,
  ) {}

  @Get('consent-rules')
  @RequirePermission('tenant.policy', 'The bundled consent rule-set version and the tenant’s current override')
  async consentRules(@CurrentPrincipal() p: Principal) {
    const current = await this.rules.current(p.tenantId);
    return { ruleSet: { version: this.rules.ruleSet.version }, override: current ?? null };
  }

  @Put('consent-rules')
  @RequirePermission('tenant.policy', 'Replace the tenant’s consent-rule override (whole jurisdiction entries); every version is kept', [
    'VALIDATION_FAILED',
  ])
  @ApiBody({
    schema: {
      type: 'object',
      required: ['version', 'rules'],
      properties: { version: { type: 'string', example: 'acme-2026-12' }, rules: { type: 'object', example: { 'US-GA': { kind: 'all-party', acceptsNotice: true, citation: 'Tenant policy' } } } },
    },
  })
  async putConsentRules(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const stored = await this.rules.put(p, parseInput(ruleOverridesSchema, body));
    req.auditDetails = { overrideVersion: stored.version, label: stored.document.version, jurisdictions: Object.keys(stored.document.rules) };
    return { ruleSet: { version: this.rules.ruleSet.version }, override: stored };
  }

  @Get('retention')
  @RequirePermission('tenant.policy', 'The tenant’s retention policy (null days: kept until deleted)')
  retentionPolicy(@CurrentPrincipal() p: Principal) {
    return this.retention.get(p.tenantId);
  }

  @Put('retention')
  @RequirePermission('tenant.policy', 'Set the retention policy; deadlines of existing recordings follow it', ['VALIDATION_FAILED'])
  @ApiBody({
    schema: {
      type: 'object',
      required: ['defaultDays'],
      properties: { defaultDays: { type: 'integer', example: 730 }, byJurisdiction: { type: 'object', example: { 'US-CA': 365 } } },
    },
  })
  async putRetention(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const policy = parseInput(RetentionPolicySchema, body);
    req.auditDetails = { policy };
    return this.retention.put(p, policy);
  }
}
