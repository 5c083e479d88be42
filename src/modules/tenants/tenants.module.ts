import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CryptoModule } from '../crypto/crypto.module';
import { PhoneHasher } from './phone-hasher';
import { TenantController } from './tenant.controller';
import { TenantService } from './tenant.service';

@Module({
  imports: [AuthModule, CryptoModule],
  controllers: [TenantController],
  providers: [TenantService, PhoneHasher],
  exports: [TenantService, PhoneHasher],
})
export class TenantsModule {}
