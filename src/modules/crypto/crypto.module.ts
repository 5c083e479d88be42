import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataKeyEntity } from './data-key.entity';
import { DataKeyRepository } from './data-key.repository';
import { EnvelopeService } from './envelope.service';
import { KmsService } from './kms.service';

/** Owns `data_keys`: envelope encryption, crypto-shredding and KMS access. */
@Module({
  imports: [TypeOrmModule.forFeature([DataKeyEntity])],
  providers: [DataKeyRepository, KmsService, EnvelopeService],
  exports: [KmsService, EnvelopeService],
})
export class CryptoModule {}
