import { Global, Module } from '@nestjs/common';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../embedded/embedded';
import { createS3Client } from './s3.client';

export const S3_CLIENT = Symbol('S3_CLIENT');

@Global()
@Module({
  providers: [{ provide: S3_CLIENT, inject: [SERVICES], useFactory: (s: ServiceEndpoints) => createS3Client(s.s3) }],
  exports: [S3_CLIENT],
})
export class StorageModule {}
