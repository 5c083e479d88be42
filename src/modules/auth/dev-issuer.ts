import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';

/**
 * The development OIDC issuer used when no OIDC_ISSUER is configured: an
 * ES256 key under DATA_DIR, its JWKS served by the service, tokens minted by
 * the operator CLI or through its sign-in flow (dev-issuer.controller.ts).
 * Never used when a real issuer is configured. Access tokens carry this
 * identifier as `iss`, whichever way they were issued.
 */
export const DEV_ISSUER = 'urn:call-recording-vault:dev-issuer';

export interface DevIssuerKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadDevIssuerKey(dataDir: string): Promise<DevIssuerKey> {
  const file = path.join(dataDir, 'oidc', 'dev-issuer.jwk.json');
  let privateJwk: JWK;
  if (fs.existsSync(file)) {
    privateJwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    privateJwk.alg = 'ES256';
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // wx: two processes starting at once must not overwrite each other's key.
    try {
      fs.writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
    } catch {
      privateJwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk: { ...publicJwk, use: 'sig' } };
}

export async function issueDevToken(
  key: DevIssuerKey,
  claims: { subject: string; audience: string; role: string; tenant: string; roleClaim: string; tenantClaim: string },
  ttlSec: number,
): Promise<string> {
  return signDevJwt(
    key,
    { [claims.roleClaim]: claims.role, [claims.tenantClaim]: claims.tenant },
    { issuer: DEV_ISSUER, audience: claims.audience, subject: claims.subject, ttlSec },
  );
}

export async function signDevJwt(
  key: DevIssuerKey,
  payload: JWTPayload,
  opts: { issuer: string; audience: string; subject: string; ttlSec: number },
): Promise<string> {
  const signingKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid, typ: 'JWT' })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setSubject(opts.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + opts.ttlSec)
    .sign(signingKey);
}
