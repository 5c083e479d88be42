import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { freeText, parseInput } from '../../common/validation';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeyService } from './api-key.service';

const CreateApiKey = z.object({ role: z.enum(['ingest', 'admin']), label: freeText(100).optional() }).strict();

@ApiTags('tenants')
@Controller('v1/api-keys')
export class ApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Get()
  @RequirePermission('apikey.manage', 'List the tenant’s API keys (prefixes only)')
  async list(@CurrentPrincipal() p: Principal) {
    return { items: (await this.apiKeys.list(p.tenantId)).map(publicKey) };
  }

  @Post()
  @RequirePermission('apikey.manage', 'Create an API key; the key is shown once', ['VALIDATION_FAILED'])
  @ApiBody({
    schema: {
      type: 'object',
      required: ['role'],
      properties: { role: { enum: ['ingest', 'admin'] }, label: { type: 'string' } },
    },
  })
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const input = parseInput(CreateApiKey, body);
    const { key, record } = await this.apiKeys.create(p.tenantId, input.role, input.label);
    return { ...publicKey(record), key };
  }

  @Delete(':id')
  @HttpCode(200)
  @RequirePermission('apikey.manage', 'Revoke an API key', ['API_KEY_NOT_FOUND'])
  async revoke(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return publicKey(await this.apiKeys.revoke(id, p.tenantId));
  }
}

function publicKey(k: ApiKeyEntity) {
  return {
    id: k.id,
    role: k.role,
    prefix: `crv_${k.prefix}`,
    label: k.label,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
  };
}
