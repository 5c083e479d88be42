import type { Role as ApiRole } from '@call-recording-vault/client';

/**
 * The signed-in user's tokens live in this page's memory only: never in
 * storage another script or tab could read, never in a cookie (so the API
 * stays immune to CSRF). A reload signs in again, which with the identity
 * provider's own session is one redirect.
 */
let current: Session | null = null;

/** Staff roles; `ingest` is for platforms' API keys. */
export type Role = Exclude<ApiRole, 'ingest'>;

export interface Session {
  token: string;
  subject: string;
  role: Role;
  tenant: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** From the authorization-code flow; absent for a pasted token. */
  refreshToken?: string;
  idToken?: string;
}

export interface Claims {
  sub?: string;
  exp?: number;
  [claim: string]: unknown;
}

/** The token's claims, unverified: for display only; the API verifies every request. */
export function readClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return typeof claims === 'object' && claims ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

export function currentToken(): string | null {
  return current?.token ?? null;
}

export function setCurrentSession(session: Session | null): void {
  current = session;
}
