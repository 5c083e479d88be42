import * as oauth from 'oauth4webapi';
import { BASE } from './router';

/** Served by the API next to the console (see console.static.ts). */
export interface ConsoleSettings {
  issuer: string;
  clientId: string;
  scope: string;
  tokenSignIn: boolean;
  roleClaim: string;
  tenantClaim: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Seconds since the epoch, from `expires_in`. */
  expiresAt?: number;
}

/** The callback path under /console that the identity provider redirects back to. */
export const CALLBACK_PATH = '/signed-in';
/**
 * The PKCE verifier and state must survive the round trip through the
 * provider's page, so they wait in sessionStorage (this tab only) and are
 * removed when the callback reads them. Tokens never go there.
 */
const PENDING_KEY = 'vault.console.sign-in';

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

let settingsPromise: Promise<ConsoleSettings> | undefined;
let serverPromise: Promise<oauth.AuthorizationServer> | undefined;

export function loadSettings(): Promise<ConsoleSettings> {
  settingsPromise ??= fetch(`${BASE}/settings.json`, { cache: 'no-store', credentials: 'omit' }).then(async (r) => {
    if (!r.ok) throw new Error(`The console settings could not be loaded (HTTP ${r.status})`);
    return (await r.json()) as ConsoleSettings;
  });
  return settingsPromise;
}

const client = (s: ConsoleSettings): oauth.Client => ({ client_id: s.clientId });
const redirectUri = () => `${location.origin}${BASE}${CALLBACK_PATH}`;
/**
 * The development issuer runs on plain HTTP beside the API (same origin as
 * the console); any other provider must be HTTPS.
 */
const httpOptions = (s: ConsoleSettings) => {
  const issuer = new URL(s.issuer);
  const devIssuer = issuer.protocol === 'http:' && issuer.origin === location.origin;
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the flag is deprecated to stand out; it is only for this local case
  return devIssuer ? { [oauth.allowInsecureRequests]: true } : {};
};

async function server(s: ConsoleSettings): Promise<oauth.AuthorizationServer> {
  serverPromise ??= (async () => {
    const issuer = new URL(s.issuer);
    const res = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...httpOptions(s) });
    return oauth.processDiscoveryResponse(issuer, res);
  })();
  try {
    return await serverPromise;
  } catch (e) {
    serverPromise = undefined;
    throw e;
  }
}

/** Leaves for the provider's sign-in page; comes back to CALLBACK_PATH. */
export async function startSignIn(s: ConsoleSettings, returnTo: string): Promise<void> {
  const as = await server(s);
  if (!as.authorization_endpoint) throw new Error('The identity provider has no authorization endpoint');
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo,
  };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', s.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url.toString());
}

/** Handles the redirect back: checks state, redeems the code with the verifier, validates the ID token. */
export async function completeSignIn(s: ConsoleSettings): Promise<Tokens & { returnTo: string }> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const here = new URL(location.href);
  // The code must not linger in the address bar or history.
  history.replaceState(null, '', `${BASE}/`);
  if (!stored) throw new Error('This sign-in was not started here or has already been used; sign in again.');
  const pending = JSON.parse(stored) as Pending;
  const as = await server(s);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client(s), here, pending.state);
  } catch (e) {
    if (e instanceof oauth.AuthorizationResponseError)
      throw new Error(`Sign-in did not complete: ${e.error_description ?? e.error}`, { cause: e });
    throw e;
  }
  const res = await oauth.authorizationCodeGrantRequest(
    as,
    client(s),
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    httpOptions(s),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client(s), res, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  return { ...tokensOf(result), returnTo: pending.returnTo };
}

/** Silent renewal with the refresh token; the provider may rotate it. */
export async function refreshTokens(s: ConsoleSettings, refreshToken: string): Promise<Tokens> {
  const as = await server(s);
  const res = await oauth.refreshTokenGrantRequest(as, client(s), oauth.None(), refreshToken, httpOptions(s));
  const result = await oauth.processRefreshTokenResponse(as, client(s), res);
  const tokens = tokensOf(result);
  tokens.refreshToken ??= refreshToken;
  return tokens;
}

/** Where to send the browser to end the provider's session too, if it offers RP-initiated logout. */
export async function endSessionUrl(s: ConsoleSettings, idToken: string | undefined): Promise<string | null> {
  const as = await server(s).catch(() => null);
  if (!as?.end_session_endpoint) return null;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${location.origin}${BASE}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.toString();
}

function tokensOf(r: oauth.TokenEndpointResponse): Tokens {
  const t: Tokens = { accessToken: r.access_token };
  if (r.refresh_token) t.refreshToken = r.refresh_token;
  if (r.id_token) t.idToken = r.id_token;
  if (typeof r.expires_in === 'number') t.expiresAt = Math.floor(Date.now() / 1000) + r.expires_in;
  return t;
}
