import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { ApiKeyService } from './api-key.service';
import { PlaybackService } from '../recordings/playback.service';
import { AuthFailureLimiter } from './auth-failure.limiter';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { DevIssuerController } from './dev-issuer.controller';
import { RouteDeclarationCheck } from './route-declaration.check';
import { TokenService } from './token.service';

@Module({
  imports: [AuditModule, DiscoveryModule],
  controllers: [DevIssuerController],
  providers: [
    ApiKeyService,
    TokenService,
    Authenticator,
    AuthFailureLimiter,
    PlaybackService,
    RouteDeclarationCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeyService, TokenService, PlaybackService],
})
export class AuthModule {}
