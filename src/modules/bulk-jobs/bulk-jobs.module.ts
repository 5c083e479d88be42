import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CryptoModule } from '../crypto/crypto.module';
import { IngestModule } from '../ingest/ingest.module';
import { LegalModule } from '../legal/legal.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { BulkJobArchive } from './bulk-job.archive';
import { BulkJobController } from './bulk-job.controller';
import { BulkJobEntity, BulkJobItemEntity } from './bulk-job.entity';
import { BulkJobItems } from './bulk-job.items';
import { BulkJobArchiveSweep } from './bulk-job.retention';
import { BulkJobRepository } from './bulk-job.repository';
import { BulkJobRunner } from './bulk-job.runner';
import { BulkJobService } from './bulk-job.service';

/** Owns `bulk_jobs` and `bulk_job_items`: exports, DSARs and imports over many recordings, with progress. */
@Module({
  imports: [
    TypeOrmModule.forFeature([BulkJobEntity, BulkJobItemEntity]),
    AuditModule,
    AuthModule,
    CryptoModule,
    IngestModule,
    LegalModule,
    RecordingsModule,
    TenantsModule,
    WebhooksModule,
  ],
  controllers: [BulkJobController],
  providers: [BulkJobRepository, BulkJobService, BulkJobItems, BulkJobArchive, BulkJobRunner, BulkJobArchiveSweep],
})
export class BulkJobsModule {}
