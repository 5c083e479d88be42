import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { LegalModule } from '../legal/legal.module';
import { resolveMediaBinaries } from '../media/binaries';
import { MediaDriver } from '../media/media.driver';
import { RecordingsModule } from '../recordings/recordings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TranscriptionModule } from '../transcription/transcription.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ConsentIntakeService } from './consent-intake.service';
import { IngestController } from './ingest.controller';
import { ConsentStep } from './pipeline/consent.step';
import { FinalizeStep } from './pipeline/finalize.step';
import { PipelineSupport } from './pipeline/pipeline.support';
import { RedactStep } from './pipeline/redact.step';
import { UploadService } from './upload.service';

@Module({
  imports: [
    CryptoModule,
    AuditModule,
    TenantsModule,
    RecordingsModule,
    LegalModule,
    TranscriptionModule,
    WebhooksModule,
  ],
  controllers: [IngestController],
  providers: [
    UploadService,
    ConsentIntakeService,
    PipelineSupport,
    ConsentStep,
    RedactStep,
    FinalizeStep,
    {
      provide: MediaDriver,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        const bin = resolveMediaBinaries(c.media);
        if (bin.warning) new Logger('media').warn(bin.warning);
        return new MediaDriver({
          ffmpegPath: bin.ffmpegPath,
          ffprobePath: bin.ffprobePath,
          timeoutMs: c.media.timeoutMs,
          maxDurationSec: c.upload.maxDurationSec,
          maxChannels: c.upload.maxChannels,
        });
      },
    },
  ],
})
export class IngestModule {}
