import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/access/access.decorators';
import { DEV_ISSUER } from './dev-issuer';
import { TokenService } from './token.service';

/** The development issuer's public keys; absent when a real OIDC issuer is configured. */
@ApiTags('auth')
@Controller('dev-oidc')
export class DevIssuerController {
  constructor(private readonly tokens: TokenService) {}

  @Get('jwks.json')
  @Public('Development issuer JWKS (embedded default only)', ['ROUTE_NOT_FOUND'])
  async jwks() {
    if (!this.tokens.usesDevIssuer) throw new NotFoundException();
    return { issuer: DEV_ISSUER, keys: [(await this.tokens.devIssuerKey()).publicJwk] };
  }
}
