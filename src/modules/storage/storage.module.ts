import { Global, Module } from '@nestjs/common';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../embedded/embedded';
import { ObjectStore } from './object-store';
import { createS3Client } from './s3.client';
import { S3_CLIENT } from './s3-client.provider';

@Global()
@Module({
  providers: [
    { provide: S3_CLIENT, inject: [SERVICES], useFactory: (s: ServiceEndpoints) => createS3Client(s.s3) },
    ObjectStore,
  ],
  exports: [S3_CLIENT, ObjectStore],
})
export class StorageModule {}
