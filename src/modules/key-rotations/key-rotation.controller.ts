import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { Id, Timestamp } from '../../common/contract/shapes';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { KeyRotationService } from './key-rotation.service';

const StartRotation = z
  .object({
    kmsKeyId: z
      .string()
      .trim()
      .min(1)
      .max(2048)
      .describe('the ARN or key id of a key the operator allowed for the tenant'),
  })
  .strict();

const KeyRotationView = z
  .object({
    id: Id,
    targetKmsKeyId: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    total: z.int().describe('data keys to re-wrap'),
    done: z.int(),
    error: z.string().nullable(),
    previousKmsKeyId: z.string().nullable().describe('the key the tenant returns to if the rotation fails'),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'KeyRotation' });

@ApiTags('tenants')
@Controller('v1/tenants/current/key-rotations')
export class KeyRotationController {
  constructor(private readonly rotations: KeyRotationService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(
    'tenant.keys.rotate',
    'Move the tenant to another KMS key the operator allowed (`vault tenant:keys`; its ARN or key id) and re-wrap every data key and tenant secret under it. Any other key is 403 `KEY_NOT_ALLOWED` before the key service is asked about it; the key the tenant already uses, with every data key under it, is 409 `KEY_ALREADY_CURRENT`; a key the service cannot use ends the rotation `failed` with the reason and the tenant back on its previous key',
    ['VALIDATION_FAILED', 'KEY_NOT_ALLOWED', 'CONFLICT', 'KEY_ALREADY_CURRENT', 'KMS_UNAVAILABLE'],
  )
  @Returns(202, KeyRotationView, { description: 'the rotation, running' })
  start(
    @CurrentPrincipal() p: Principal,
    @ValidBody(StartRotation, {
      example: { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    })
    { kmsKeyId }: z.infer<typeof StartRotation>,
  ) {
    return this.rotations.start(p, kmsKeyId);
  }

  @Get(':id')
  @RequirePermission('tenant.keys.rotate', 'Progress of a key rotation', ['NOT_FOUND'])
  @Returns(200, KeyRotationView, { description: 'the rotation and its progress' })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.rotations.get(p, id);
  }
}
