import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';

/** What the browser asked for at the authorization endpoint, after its client and redirect were checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  scope: string;
  codeChallenge: string;
}

export interface SignedInUser {
  subject: string;
  role: string;
  tenant: string;
}

/** A sign-in session at the issuer: its codes and refresh tokens share it, and revoking it ends them all. */
export interface Grant extends SignedInUser {
  clientId: string;
  scope: string;
  nonce?: string;
  sessionId: string;
}

interface Pending {
  request: AuthorizationRequest;
  csrf: string;
  expiresAt: number;
}
interface Code {
  request: AuthorizationRequest;
  grant: Grant;
  expiresAt: number;
  used: boolean;
}
interface Refresh {
  grant: Grant;
  expiresAt: number;
  used: boolean;
}

export type GrantFailure = { error: 'invalid_grant' | 'invalid_request'; description: string };

const PENDING_TTL_MS = 10 * 60_000;
/** RFC 6749 §4.1.2 recommends at most ten minutes; a browser redirect needs seconds. */
const CODE_TTL_MS = 60_000;
const REFRESH_TTL_MS = 8 * 3_600_000;
const MAX_ENTRIES = 10_000;

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
const token = () => randomBytes(32).toString('base64url');

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The development issuer's state: pending sign-ins, authorization codes and
 * refresh tokens, in this process's memory (a development issuer runs in one
 * process; a restart signs everyone out). Codes and refresh tokens are kept
 * only as hashes. Every check-and-consume is synchronous, so two overlapping
 * requests cannot both redeem one code.
 */
@Injectable()
export class DevIssuerGrants {
  private readonly pending = new Map<string, Pending>();
  private readonly codes = new Map<string, Code>();
  private readonly refreshTokens = new Map<string, Refresh>();
  private readonly revokedSessions = new Set<string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get clientId(): string {
    return this.config.console.clientId;
  }

  get redirectUris(): readonly string[] {
    return this.config.devIssuer.redirectUris;
  }

  isAllowedRedirect(uri: string | undefined): uri is string {
    return uri !== undefined && this.redirectUris.includes(uri);
  }

  /** Holds the checked request until the sign-in form comes back; the form must carry the same CSRF value as the cookie. */
  begin(request: AuthorizationRequest): { requestId: string; csrf: string } {
    this.prune(this.pending);
    const requestId = token();
    const csrf = token();
    this.pending.set(requestId, { request, csrf, expiresAt: Date.now() + PENDING_TTL_MS });
    return { requestId, csrf };
  }

  /** The pending request, if the id and both CSRF values match; consumed either way when found. */
  takePending(requestId: string, csrfField: string, csrfCookie: string | undefined): AuthorizationRequest | null {
    const p = this.pending.get(requestId);
    if (!p) return null;
    // A forged attempt spends the request too: the attacker gets no second guess.
    this.pending.delete(requestId);
    if (!csrfCookie || !sameString(p.csrf, csrfField) || !sameString(p.csrf, csrfCookie)) return null;
    return p.expiresAt > Date.now() ? p.request : null;
  }

  /** Looks at a pending request without consuming it (to show the form again after a correctable mistake). */
  peekPending(requestId: string): { request: AuthorizationRequest; csrf: string } | null {
    const p = this.pending.get(requestId);
    return p && p.expiresAt > Date.now() ? { request: p.request, csrf: p.csrf } : null;
  }

  issueCode(request: AuthorizationRequest, user: SignedInUser): string {
    this.prune(this.codes);
    const code = token();
    const grant: Grant = { ...user, clientId: request.clientId, scope: request.scope, sessionId: token() };
    if (request.nonce) grant.nonce = request.nonce;
    this.codes.set(hash(code), { request, grant, expiresAt: Date.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /**
   * RFC 6749 §4.1.3 and RFC 7636 §4.6. A code is single-use: presenting it
   * again fails and revokes what the first redemption issued (§10.5).
   */
  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
    verifier: string | undefined,
  ): Grant | GrantFailure {
    const entry = this.codes.get(hash(code));
    if (!entry) return { error: 'invalid_grant', description: 'unknown or expired authorization code' };
    if (entry.used) {
      this.revokeSession(entry.grant.sessionId);
      return { error: 'invalid_grant', description: 'authorization code already used' };
    }
    entry.used = true;
    if (entry.expiresAt <= Date.now()) return { error: 'invalid_grant', description: 'authorization code expired' };
    if (entry.request.clientId !== clientId)
      return { error: 'invalid_grant', description: 'code was issued to another client' };
    if (redirectUri !== entry.request.redirectUri)
      return { error: 'invalid_grant', description: 'redirect_uri does not match the authorization request' };
    if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
      return { error: 'invalid_request', description: 'code_verifier is missing or malformed' };
    if (!sameString(hash(verifier), entry.request.codeChallenge))
      return { error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' };
    return entry.grant;
  }

  issueRefreshToken(grant: Grant): string {
    this.prune(this.refreshTokens);
    const refresh = token();
    this.refreshTokens.set(hash(refresh), { grant, expiresAt: Date.now() + REFRESH_TTL_MS, used: false });
    return refresh;
  }

  /** Rotation: each refresh token works once; a replayed one ends the whole session. */
  redeemRefreshToken(refresh: string, clientId: string): Grant | GrantFailure {
    const entry = this.refreshTokens.get(hash(refresh));
    if (!entry || this.revokedSessions.has(entry.grant.sessionId))
      return { error: 'invalid_grant', description: 'unknown, expired or revoked refresh token' };
    if (entry.used) {
      this.revokeSession(entry.grant.sessionId);
      return { error: 'invalid_grant', description: 'refresh token already used' };
    }
    entry.used = true;
    if (entry.expiresAt <= Date.now()) return { error: 'invalid_grant', description: 'refresh token expired' };
    if (entry.grant.clientId !== clientId)
      return { error: 'invalid_grant', description: 'refresh token was issued to another client' };
    return entry.grant;
  }

  revokeSession(sessionId: string): void {
    this.revokedSessions.add(sessionId);
    for (const [k, v] of this.refreshTokens) if (v.grant.sessionId === sessionId) this.refreshTokens.delete(k);
  }

  private prune(map: Map<string, { expiresAt: number }>): void {
    const now = Date.now();
    for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
    // A flood of abandoned sign-ins must not grow memory without bound: the oldest go first.
    while (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  }
}

/** RFC 7636 S256: the challenge is the verifier's SHA-256, base64url without padding. */
export const s256 = hash;
