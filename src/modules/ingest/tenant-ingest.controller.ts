import { Body, Controller, Delete, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { WebhookService } from './webhook.service';

const WebhookBody = z.object({ url: z.string().max(2048) }).strict();
const IngestPolicyBody = z.object({ requireTranscript: z.boolean() }).strict();

@ApiTags('tenants')
@Controller('v1/tenants/current')
export class TenantIngestController {
  constructor(
    private readonly webhooks: WebhookService,
    @Inject(DataSource) private readonly ds: DataSource,
  ) {}

  @Put('webhook')
  @RequirePermission('tenant.policy', 'Set the webhook called on each recording’s final status; the signing secret is shown once', [
    'VALIDATION_FAILED',
    'KMS_UNAVAILABLE',
  ])
  @ApiBody({ schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } })
  setWebhook(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.webhooks.configure(p, parseInput(WebhookBody, body).url);
  }

  @Delete('webhook')
  @HttpCode(204)
  @RequirePermission('tenant.policy', 'Remove the webhook')
  async removeWebhook(@CurrentPrincipal() p: Principal) {
    await this.webhooks.remove(p);
  }

  @Put('ingest-policy')
  @RequirePermission('tenant.policy', 'Ingest policy: require a transcript (or markers) so spoken card data is always checked', [
    'VALIDATION_FAILED',
  ])
  @ApiBody({ schema: { type: 'object', required: ['requireTranscript'], properties: { requireTranscript: { type: 'boolean' } } } })
  async setIngestPolicy(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const { requireTranscript } = parseInput(IngestPolicyBody, body);
    await this.ds.query(`UPDATE tenants SET require_transcript = $2 WHERE id = $1`, [p.tenantId, requireTranscript]);
    return { requireTranscript };
  }
}
