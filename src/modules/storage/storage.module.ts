import { Global, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import type { S3Client } from '@aws-sdk/client-s3';
import { SERVICES } from '../../config/config.module';
import type { ServiceEndpoints } from '../../config/service-endpoints';
import { instrumentAwsClient } from '../metrics/instrument';
import { Metrics } from '../metrics/metrics';
import { ObjectStore } from './object-store';
import { createS3Client } from './s3.client';
import { S3_CLIENT } from './s3-client.provider';

@Global()
@Module({
  providers: [
    {
      provide: S3_CLIENT,
      inject: [SERVICES, Metrics],
      useFactory: (s: ServiceEndpoints, metrics: Metrics) => {
        const client = createS3Client(s.s3);
        instrumentAwsClient(client, 's3', metrics);
        return client;
      },
    },
    ObjectStore,
  ],
  exports: [S3_CLIENT, ObjectStore],
})
export class StorageModule implements OnModuleDestroy {
  constructor(@Inject(S3_CLIENT) private readonly s3: S3Client) {}

  /** Idle keep-alive sockets would otherwise hold an embedded S3 server's close() open. */
  onModuleDestroy(): void {
    this.s3.destroy();
  }
}
