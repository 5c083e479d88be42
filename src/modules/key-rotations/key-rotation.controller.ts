import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { KeyRotationService } from './key-rotation.service';

const StartRotation = z.object({ kmsKeyId: z.string().trim().min(1).max(2048) }).strict();

@ApiTags('tenants')
@Controller('v1/tenants/current/key-rotations')
export class KeyRotationController {
  constructor(private readonly rotations: KeyRotationService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(
    'tenant.keys.rotate',
    'Move the tenant to another KMS key the operator allowed (`vault tenant:keys`) and re-wrap every data key and tenant secret under it; a key the service cannot use ends the rotation `failed` with a reason and restores the previous key',
    ['VALIDATION_FAILED', 'KEY_NOT_ALLOWED', 'CONFLICT', 'KMS_UNAVAILABLE'],
  )
  @ApiBody({ schema: { type: 'object', required: ['kmsKeyId'], properties: { kmsKeyId: { type: 'string' } } } })
  start(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.rotations.start(p, parseInput(StartRotation, body).kmsKeyId);
  }

  @Get(':id')
  @RequirePermission('tenant.keys.rotate', 'Progress of a key rotation', ['NOT_FOUND'])
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.rotations.get(p, id);
  }
}
