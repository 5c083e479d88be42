import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { ApiKeyList, ApiKeyView, CreateApiKeyBody, CreatedApiKey } from './api-key.contract';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeyService } from './api-key.service';

const example = {
  id: '3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76',
  role: 'ingest',
  prefix: 'crv_k7Qm2x',
  label: 'Genesys connector',
  createdAt: '2026-11-30T14:03:12.345Z',
  revokedAt: null,
};

@ApiTags('tenants')
@Controller('v1/api-keys')
export class ApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Get()
  @RequirePermission('apikey.manage', 'List the tenant’s API keys (prefixes only)')
  @Returns(200, ApiKeyList, { description: 'every key, revoked ones included', example: { items: [example] } })
  async list(@CurrentPrincipal() p: Principal) {
    return { items: (await this.apiKeys.list(p.tenantId)).map(publicKey) };
  }

  @Post()
  @RequirePermission('apikey.manage', 'Create an API key; the key is shown once', ['VALIDATION_FAILED'])
  @Returns(201, CreatedApiKey, {
    description: 'the new key with its secret',
    example: { ...example, key: 'crv_k7Qm2x…' },
  })
  async create(
    @CurrentPrincipal() p: Principal,
    @ValidBody(CreateApiKeyBody, { example: { role: 'ingest', label: 'Genesys connector' } })
    input: z.infer<typeof CreateApiKeyBody>,
  ) {
    const { key, record } = await this.apiKeys.create(p.tenantId, input.role, input.label);
    return { ...publicKey(record), key };
  }

  @Delete(':id')
  @HttpCode(200)
  @RequirePermission('apikey.manage', 'Revoke an API key', ['API_KEY_NOT_FOUND'])
  @Returns(200, ApiKeyView, {
    description: 'the revoked key',
    example: { ...example, revokedAt: '2026-12-01T09:00:00.000Z' },
  })
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
