import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from './crypto.module';
import { KeyRotationController } from './key-rotation.controller';
import { KeyRotationService } from './key-rotation.service';

@Module({
  imports: [CryptoModule, AuditModule],
  controllers: [KeyRotationController],
  providers: [KeyRotationService],
})
export class KeyRotationModule {}
