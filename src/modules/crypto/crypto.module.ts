import { Module } from '@nestjs/common';
import { EnvelopeService } from './envelope.service';
import { KmsService } from './kms.service';

@Module({
  providers: [KmsService, EnvelopeService],
  exports: [KmsService, EnvelopeService],
})
export class CryptoModule {}
