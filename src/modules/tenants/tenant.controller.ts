import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { ApiKeyService } from '../auth/api-key.service';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { TenantService } from './tenant.service';

const CreateApiKey = z.object({ role: z.enum(['ingest', 'admin']), label: z.string().max(100).optional() }).strict();

@ApiTags('tenants')
@Controller('v1')
export class TenantController {
  constructor(
    private readonly tenants: TenantService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @Get('tenants/current')
  @RequirePermission('tenant.read', 'The caller’s tenant')
  async current(@CurrentPrincipal() p: Principal) {
    const t = await this.tenants.byId(p.tenantId);
    return { id: t.id, name: t.name, createdAt: t.createdAt, principal: { kind: p.kind, role: p.role } };
  }

  @Get('api-keys')
  @RequirePermission('apikey.manage', 'List the tenant’s API keys (prefixes only)')
  async listKeys(@CurrentPrincipal() p: Principal) {
    return { items: (await this.apiKeys.list(p.tenantId)).map(publicKey) };
  }

  @Post('api-keys')
  @RequirePermission('apikey.manage', 'Create an API key; the key is shown once', ['VALIDATION_FAILED'])
  @ApiBody({ schema: { type: 'object', required: ['role'], properties: { role: { enum: ['ingest', 'admin'] }, label: { type: 'string' } } } })
  async createKey(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(CreateApiKey, body);
    const { key, record } = await this.apiKeys.create(p.tenantId, input.role, input.label);
    return { ...publicKey(record), key };
  }

  @Delete('api-keys/:id')
  @HttpCode(200)
  @RequirePermission('apikey.manage', 'Revoke an API key', ['API_KEY_NOT_FOUND'])
  async revokeKey(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return publicKey(await this.apiKeys.revoke(id, p.tenantId));
  }
}

function publicKey(k: { id: string; role: string; prefix: string; label: string | null; createdAt: Date; revokedAt: Date | null }) {
  return { id: k.id, role: k.role, prefix: `crv_${k.prefix}`, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt };
}
