import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CryptoModule } from '../crypto/crypto.module';
import { PhoneHasher } from './phone-hasher';
import { TenantController } from './tenant.controller';
import { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';
import { TenantWebhookService } from './tenant-webhook.service';
import { TenantService } from './tenant.service';

/** Owns `tenants`: the tenant, its policies, its webhook and its wrapped secrets. */
@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity]), CryptoModule],
  controllers: [TenantController],
  providers: [TenantRepository, TenantService, TenantWebhookService, PhoneHasher],
  exports: [TenantService, TenantWebhookService, PhoneHasher],
})
export class TenantsModule {}
