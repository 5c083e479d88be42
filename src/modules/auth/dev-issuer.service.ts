import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { DEV_ISSUER, signDevJwt } from './dev-issuer';
import { DevIssuerGrants, type Grant } from './dev-issuer.grants';
import { TokenService } from './token.service';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  id_token: string;
  scope: string;
}

/**
 * Mints the development issuer's tokens for a sign-in: an access token the
 * API verifies like any staff token (`iss` = the dev issuer's identifier,
 * role and tenant in the configured claims), an ID token for the console
 * (`iss` = the issuer URL it discovered), and a rotating refresh token.
 */
@Injectable()
export class DevIssuerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly grants: DevIssuerGrants,
  ) {}

  /** `fromCode`: the first ID token of a sign-in carries the request's nonce; refreshed ones do not. */
  async tokenResponse(grant: Grant, issuerUrl: string, fromCode: boolean): Promise<TokenResponse> {
    const key = await this.tokens.devIssuerKey();
    const { oidc, devIssuer } = this.config;
    const claims = { [oidc.roleClaim]: grant.role, [oidc.tenantClaim]: grant.tenant };
    const ttlSec = devIssuer.tokenTtlSec;
    const [accessToken, idToken] = await Promise.all([
      signDevJwt(
        key,
        { ...claims, scope: grant.scope, client_id: grant.clientId, sid: grant.sessionId },
        {
          issuer: DEV_ISSUER,
          audience: oidc.audience,
          subject: grant.subject,
          ttlSec,
        },
      ),
      signDevJwt(
        key,
        { ...claims, sid: grant.sessionId, ...(fromCode && grant.nonce ? { nonce: grant.nonce } : {}) },
        {
          issuer: issuerUrl,
          audience: grant.clientId,
          subject: grant.subject,
          ttlSec,
        },
      ),
    ]);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttlSec,
      refresh_token: this.grants.issueRefreshToken(grant),
      id_token: idToken,
      scope: grant.scope,
    };
  }

  /** The session an ID token names, if this issuer signed it for the console (expired is fine: logout comes late). */
  async sessionOf(idToken: string, issuerUrl: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(
        idToken,
        createLocalJWKSet({ keys: [(await this.tokens.devIssuerKey()).publicJwk] }),
        {
          issuer: issuerUrl,
          audience: this.grants.clientId,
          algorithms: ['ES256'],
          currentDate: new Date(0),
        },
      );
      return typeof payload.sid === 'string' ? payload.sid : null;
    } catch {
      return null;
    }
  }
}
