import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CryptoModule } from '../crypto/crypto.module';
import { AuditAnchorStore } from './audit-anchor.store';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit.query';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit.verifier';

/** Owns `audit_events` and `audit_checkpoints`: the hash-chained log, its checkpoints and its readers. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity, AuditCheckpointEntity]), CryptoModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditAnchorStore, AuditService, AuditVerifier, AuditQueryService],
  exports: [AuditService, AuditVerifier, AuditQueryService],
})
export class AuditModule {}
