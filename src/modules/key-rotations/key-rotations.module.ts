import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { TenantsModule } from '../tenants/tenants.module';
import { KeyRotationController } from './key-rotation.controller';
import { KeyRotationEntity } from './key-rotation.entity';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';

/** Owns `key_rotations`: moving a tenant to another KMS key. */
@Module({
  imports: [TypeOrmModule.forFeature([KeyRotationEntity]), CryptoModule, AuditModule, TenantsModule],
  controllers: [KeyRotationController],
  providers: [KeyRotationRepository, KeyRotationService],
})
export class KeyRotationsModule {}
