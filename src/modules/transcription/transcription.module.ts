import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { CryptoModule } from '../crypto/crypto.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TranscriptionController } from './transcription.controller';
import { TranscriptionSettingsService } from './transcription-settings.service';
import { TRANSCRIBE_CLIENT, TranscriptionService } from './transcription.service';

/** Transcription engines for uploads without a transcript, chosen per tenant. */
@Module({
  imports: [CryptoModule, TenantsModule],
  controllers: [TranscriptionController],
  providers: [
    TranscriptionSettingsService,
    TranscriptionService,
    {
      provide: TRANSCRIBE_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        const aws = c.transcription.aws;
        return new TranscribeClient({
          region: aws.region,
          ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
          ...(aws.credentials ? { credentials: aws.credentials } : {}),
          maxAttempts: c.transcription.retries + 1,
        });
      },
    },
  ],
  exports: [TranscriptionService],
})
export class TranscriptionModule implements OnModuleDestroy {
  constructor(@Inject(TRANSCRIBE_CLIENT) private readonly client: TranscribeClient) {}

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
