import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit.query';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit.verifier';

@Module({
  imports: [CryptoModule],
  controllers: [AuditController],
  providers: [AuditService, AuditVerifier, AuditQueryService],
  exports: [AuditService, AuditVerifier],
})
export class AuditModule {}
