import { roleMayCall, type Role as ApiRole } from '@call-recording-vault/client';

/**
 * The signed-in user's bearer token. It lives in sessionStorage only: gone
 * when the tab closes, never shared with other tabs, never in a cookie (so
 * the API stays immune to CSRF).
 */
const KEY = 'vault.console.token';

/** Staff roles: platform API keys (`ingest`) cannot sign in. */
export type Role = Exclude<ApiRole, 'ingest'>;

export interface Session {
  token: string;
  subject: string;
  role: Role;
  tenant: string;
  /** Seconds since the epoch. */
  expiresAt: number;
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

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** What each role may do, from the API's own permission table (the client's generated OPERATIONS), so the console hides what would be refused. */
export const can = {
  listRecordings: (r: Role) => roleMayCall(r, 'GET /v1/recordings'),
  play: (r: Role) => roleMayCall(r, 'POST /v1/recordings/{id}/playback'),
  legal: (r: Role) => roleMayCall(r, 'POST /v1/recordings/{id}/holds') && roleMayCall(r, 'POST /v1/dsar/search'),
  audit: (r: Role) => roleMayCall(r, 'GET /v1/audit/events'),
  verifyEvidence: (r: Role) => roleMayCall(r, 'POST /v1/evidence/verify'),
};
