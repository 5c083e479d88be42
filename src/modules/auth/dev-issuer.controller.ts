import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../../common/access/access.decorators';
import { Returns } from '../../common/contract/contract.decorators';
import { DEV_ISSUER } from './dev-issuer';
import { TokenService } from './token.service';

const Jwks = z.object({ issuer: z.string(), keys: z.array(z.looseObject({ kty: z.string() })) });

/** The development issuer's public keys; absent when a real OIDC issuer is configured. */
@ApiTags('auth')
@Controller('dev-oidc')
export class DevIssuerController {
  constructor(private readonly tokens: TokenService) {}

  @Get('jwks.json')
  @Public('Development issuer JWKS (embedded default only)', ['ROUTE_NOT_FOUND'])
  @Returns(200, Jwks, { description: 'the issuer and its public key' })
  async jwks() {
    if (!this.tokens.usesDevIssuer) throw new NotFoundException();
    return { issuer: DEV_ISSUER, keys: [(await this.tokens.devIssuerKey()).publicJwk] };
  }
}
