import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { Public } from '../../common/access/access.decorators';
import { RETRY_AFTER_SECONDS } from '../../common/errors/dependency-errors';
import { Returns } from '../../common/contract/contract.decorators';
import { KmsService } from '../crypto/kms.service';
import { storageError } from '../storage/object-store';
import { S3_CLIENT } from '../storage/s3-client.provider';

const Liveness = z.object({ status: z.literal('ok') });
const check = z.enum(['ok', 'unavailable']);
const Readiness = z
  .object({
    status: check,
    checks: z.object({ database: check, storage: check, kms: check }),
    /** Each unavailable dependency with its error code (DATABASE_UNAVAILABLE, STORAGE_UNAVAILABLE, STORAGE_FULL, KMS_UNAVAILABLE). */
    errors: z
      .object({ database: z.string().optional(), storage: z.string().optional(), kms: z.string().optional() })
      .optional(),
  })
  .meta({ id: 'Readiness' });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(SERVICES) private readonly services: ServiceEndpoints,
    private readonly kms: KmsService,
  ) {}

  @Get('live')
  @Public('Liveness: the process answers')
  @Returns(200, Liveness, { description: 'alive', example: { status: 'ok' } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @Public('Readiness: database, bucket and KMS key reachable; each unavailable one named with its error code', [
    'SERVICE_UNAVAILABLE',
  ])
  @Returns(200, Readiness, {
    description: 'ready (503 with the same shape names each unreachable dependency and its error code)',
    example: { status: 'ok', checks: { database: 'ok', storage: 'ok', kms: 'ok' } },
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
    const checks = await Promise.allSettled([
      timeout(this.ds.query('SELECT 1')),
      timeout(this.s3.send(new HeadBucketCommand({ Bucket: this.services.s3.bucket }))),
      timeout(this.kms.describe().then((k) => (k.enabled ? k : Promise.reject(new Error('key disabled'))))),
    ]);
    const names = ['database', 'storage', 'kms'] as const;
    const failure = { database: 'DATABASE_UNAVAILABLE', storage: 'STORAGE_UNAVAILABLE', kms: 'KMS_UNAVAILABLE' };
    const errors: Partial<Record<(typeof names)[number], string>> = {};
    checks.forEach((c, i) => {
      if (c.status === 'fulfilled') return;
      const name = names[i];
      const reason: unknown = c.reason;
      errors[name] =
        name === 'storage' && storageError(reason).code === 'STORAGE_FULL' ? 'STORAGE_FULL' : failure[name];
    });
    const [database, storage, kms] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const ok = checks.every((c) => c.status === 'fulfilled');
    if (!ok) {
      res.status(503);
      res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    }
    return { status: ok ? 'ok' : 'unavailable', checks: { database, storage, kms }, ...(ok ? {} : { errors }) };
  }
}
