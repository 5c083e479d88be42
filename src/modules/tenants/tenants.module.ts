import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CryptoModule } from '../crypto/crypto.module';
import { PhoneHasher } from './phone-hasher';
import { TenantController } from './tenant.controller';
import { TenantAllowedKeyEntity } from './tenant-key.entity';
import { TenantKeyRepository } from './tenant-key.repository';
import { TenantKeyService } from './tenant-key.service';
import { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';
import { TenantWebhookService } from './tenant-webhook.service';
import { TenantService } from './tenant.service';

/** Owns `tenants` and `tenant_allowed_keys`: the tenant, its policies, its webhook and its wrapped secrets. */
@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, TenantAllowedKeyEntity]), CryptoModule],
  controllers: [TenantController],
  providers: [
    TenantRepository,
    TenantService,
    TenantWebhookService,
    PhoneHasher,
    TenantKeyRepository,
    TenantKeyService,
  ],
  exports: [TenantService, TenantWebhookService, PhoneHasher, TenantKeyService],
})
export class TenantsModule {}
