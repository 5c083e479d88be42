import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { AuthFailureEntity } from './auth-failure.entity';
import { AuthFailureRepository } from './auth-failure.repository';
import { AuthFailureThrottle } from './auth-failure.throttle';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { DevIssuerController } from './dev-issuer.controller';
import { DevIssuerGrants } from './dev-issuer.grants';
import { DevIssuerService } from './dev-issuer.service';
import { PlaybackTokenEntity } from './playback-token.entity';
import { PlaybackTokenRepository } from './playback-token.repository';
import { PlaybackTokenService } from './playback-token.service';
import { RouteDeclarationCheck } from './route-declaration.check';
import { TokenService } from './token.service';

/** Credentials (API keys, staff tokens, playback links) and the global deny-by-default guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity, PlaybackTokenEntity, AuthFailureEntity]),
    AuditModule,
    TenantsModule,
    DiscoveryModule,
  ],
  controllers: [DevIssuerController, ApiKeyController],
  providers: [
    ApiKeyRepository,
    ApiKeyService,
    PlaybackTokenRepository,
    PlaybackTokenService,
    TokenService,
    DevIssuerGrants,
    DevIssuerService,
    Authenticator,
    AuthFailureRepository,
    AuthFailureThrottle,
    RouteDeclarationCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeyService, PlaybackTokenService, AuthFailureThrottle],
})
export class AuthModule {}
