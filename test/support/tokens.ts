import { createHmac, createPublicKey } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { DEV_ISSUER } from '../../src/modules/auth/dev-issuer';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function claims(tenant: string, role: string, audience: string) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: DEV_ISSUER,
    aud: audience,
    sub: `mallory@${tenant}`,
    iat: now,
    exp: now + 600,
    vault_role: role,
    vault_tenant: tenant,
  };
}

/** `alg: none`, no signature. */
export function unsignedToken(tenant: string, role: string, audience: string): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(tenant, role, audience))}.`;
}

/** HS256 keyed with the issuer's public key: the classic RS/HS confusion attack. */
export function hsConfusionToken(publicJwk: JWK, tenant: string, role: string, audience: string): string {
  const pem = createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const body = `${b64({ alg: 'HS256', typ: 'JWT', kid: publicJwk.kid })}.${b64(claims(tenant, role, audience))}`;
  return `${body}.${createHmac('sha256', pem).update(body).digest('base64url')}`;
}

/** Right shape and kid, signed by a key the issuer never had. */
export async function forgedToken(kid: string, tenant: string, role: string, audience: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims(tenant, role, audience)).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
}

export { exportJWK };
