import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { parseInput } from '../../common/validation';
import { TenantWebhookService } from './tenant-webhook.service';
import { TenantService } from './tenant.service';

const WebhookBody = z.object({ url: z.string().max(2048) }).strict();
const IngestPolicyBody = z.object({ requireTranscript: z.boolean() }).strict();

@ApiTags('tenants')
@Controller('v1/tenants/current')
export class TenantController {
  constructor(
    private readonly tenants: TenantService,
    private readonly webhooks: TenantWebhookService,
  ) {}

  @Get()
  @RequirePermission('tenant.read', 'The caller’s tenant')
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
  @ApiBody({ schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } })
  setWebhook(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.webhooks.configure(p.tenantId, parseInput(WebhookBody, body).url);
  }

  @Delete('webhook')
  @HttpCode(204)
  @RequirePermission('tenant.policy', 'Remove the webhook')
  async removeWebhook(@CurrentPrincipal() p: Principal) {
    await this.webhooks.remove(p.tenantId);
  }

  @Put('ingest-policy')
  @RequirePermission(
    'tenant.policy',
    'Ingest policy: require a transcript (or markers) so spoken card data is always checked',
    ['VALIDATION_FAILED'],
  )
  @ApiBody({
    schema: { type: 'object', required: ['requireTranscript'], properties: { requireTranscript: { type: 'boolean' } } },
  })
  setIngestPolicy(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.tenants.setIngestPolicy(p.tenantId, parseInput(IngestPolicyBody, body));
  }
}
