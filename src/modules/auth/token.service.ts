import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { DEV_ISSUER, loadDevIssuerKey, type DevIssuerKey } from './dev-issuer';

export interface VerifiedToken {
  subject: string;
  role: unknown;
  tenant: unknown;
  payload: JWTPayload;
}

/**
 * Staff bearer tokens. Only asymmetric algorithms from the allow-list are
 * accepted and keys come only from the issuer's JWKS, so `alg: none` and
 * HS256-signed-with-the-public-key tokens fail verification.
 */
@Injectable()
export class TokenService {
  private jwks?: JWTVerifyGetKey;
  private devKey?: DevIssuerKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get usesDevIssuer(): boolean {
    return !this.config.oidc.issuer;
  }

  get issuer(): string {
    return this.config.oidc.issuer ?? DEV_ISSUER;
  }

  async devIssuerKey(): Promise<DevIssuerKey> {
    this.devKey ??= await loadDevIssuerKey(this.config.dataDir);
    return this.devKey;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const { oidc } = this.config;
    const { payload } = await jwtVerify(token, await this.keys(), {
      issuer: this.issuer,
      audience: oidc.audience,
      algorithms: this.usesDevIssuer ? ['ES256'] : oidc.algorithms,
      clockTolerance: oidc.clockToleranceSec,
      requiredClaims: ['exp', 'sub'],
    });
    return { subject: String(payload.sub), role: payload[oidc.roleClaim], tenant: payload[oidc.tenantClaim], payload };
  }

  private async keys(): Promise<JWTVerifyGetKey> {
    if (this.jwks) return this.jwks;
    if (this.usesDevIssuer) {
      const key = await this.devIssuerKey();
      this.jwks = createLocalJWKSet({ keys: [key.publicJwk] });
    } else {
      const url = this.config.oidc.jwksUrl ?? (await discoverJwksUri(this.config.oidc.issuer as string));
      this.jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    }
    return this.jwks;
  }
}

/** OpenID Connect discovery: the issuer's metadata names its JWKS. */
async function discoverJwksUri(issuer: string): Promise<string> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`OIDC discovery failed with HTTP ${res.status}`);
  const meta = (await res.json()) as { jwks_uri?: unknown; issuer?: unknown };
  if (meta.issuer !== issuer || typeof meta.jwks_uri !== 'string')
    throw new Error('OIDC discovery document is invalid');
  return meta.jwks_uri;
}
