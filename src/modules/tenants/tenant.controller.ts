import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ReturnsContent, ValidBody } from '../../common/contract/contract.decorators';
import { Id, Timestamp } from '../../common/contract/shapes';
import { TenantWebhookService } from './tenant-webhook.service';
import { TenantService } from './tenant.service';

const WebhookBody = z
  .object({ url: z.string().max(2048).describe('https URL called on each recording’s final status') })
  .strict();
const IngestPolicyBody = z
  .object({ requireTranscript: z.boolean().describe('refuse uploads without a transcript or markers') })
  .strict();
const WebhookSecret = z.object({
  url: z.string(),
  secret: z.string().describe('signing secret; shown once'),
});
const CurrentTenant = z
  .object({
    id: Id,
    name: z.string(),
    createdAt: Timestamp,
    principal: z.object({
      kind: z.enum(['api-key', 'user']),
      role: z.enum(['ingest', 'qa', 'legal', 'admin', 'auditor']),
    }),
  })
  .meta({ id: 'CurrentTenant' });

@ApiTags('tenants')
@Controller('v1/tenants/current')
export class TenantController {
  constructor(
    private readonly tenants: TenantService,
    private readonly webhooks: TenantWebhookService,
  ) {}

  @Get()
  @RequirePermission('tenant.read', 'The caller’s tenant')
  @Returns(200, CurrentTenant, { description: 'the tenant and who you are in it' })
  async current(@CurrentPrincipal() p: Principal) {
    const t = await this.tenants.byId(p.tenantId);
    return { id: t.id, name: t.name, createdAt: t.createdAt, principal: { kind: p.kind, role: p.role } };
  }

  @Put('webhook')
  @RequirePermission(
    'tenant.policy',
    'Set the webhook called on each recording’s final status; the signing secret is shown once. The URL must be https and resolve only to public addresses (operators: WEBHOOK_ALLOWED_HOSTS, WEBHOOK_PLAIN_HTTP_HOSTS)',
    ['VALIDATION_FAILED', 'WEBHOOK_URL_REFUSED', 'KMS_UNAVAILABLE'],
  )
  @Returns(200, WebhookSecret, { description: 'the webhook and its signing secret (shown once)' })
  setWebhook(
    @CurrentPrincipal() p: Principal,
    @ValidBody(WebhookBody, { example: { url: 'https://platform.example.com/hooks/vault' } })
    { url }: z.infer<typeof WebhookBody>,
  ) {
    return this.webhooks.configure(p.tenantId, url);
  }

  @Delete('webhook')
  @HttpCode(204)
  @RequirePermission('tenant.policy', 'Remove the webhook')
  @ReturnsContent(204, { description: 'removed (or there was none)' })
  async removeWebhook(@CurrentPrincipal() p: Principal) {
    await this.webhooks.remove(p.tenantId);
  }

  @Put('ingest-policy')
  @RequirePermission(
    'tenant.policy',
    'Ingest policy: require a transcript (or markers) so spoken card data is always checked',
    ['VALIDATION_FAILED'],
  )
  @Returns(200, IngestPolicyBody, { description: 'the policy now in force' })
  setIngestPolicy(
    @CurrentPrincipal() p: Principal,
    @ValidBody(IngestPolicyBody, { example: { requireTranscript: true } }) policy: z.infer<typeof IngestPolicyBody>,
  ) {
    return this.tenants.setIngestPolicy(p.tenantId, policy);
  }
}
