import { useState } from 'preact/hooks';
import { ApiError, call, vaultWithToken } from '../api';
import { clearToken, readClaims, storedToken, storeToken, type Role, type Session } from '../session';
import { ErrorBox, Field } from '../ui';

/**
 * Checks a token with the API (which verifies it) and builds the session. The
 * role shown comes from the token's claims when they name one, else from the
 * API's view of the caller; either way the API enforces it.
 */
async function sessionFor(token: string): Promise<Session> {
  const claims = readClaims(token);
  if (!claims) throw new Error('That is not a JWT: paste the whole token printed by token:issue.');
  const me = await call(vaultWithToken(token).GET('/v1/tenants/current'), { signingIn: true });
  if (me.principal.kind !== 'user') throw new Error('That is a platform API key; the console takes staff tokens only.');
  const claimed = Object.entries(claims).find(([k]) => /role$/i.test(k))?.[1];
  return {
    token,
    subject: claims.sub ?? 'unknown',
    role: (typeof claimed === 'string' ? claimed : me.principal.role) as Role,
    tenant: me.name,
    expiresAt: claims.exp ?? Math.floor(Date.now() / 1000) + 3600,
  };
}

export async function restoreSession(): Promise<Session | null> {
  const token = storedToken();
  if (!token) return null;
  try {
    return await sessionFor(token);
  } catch {
    clearToken();
    return null;
  }
}

export function SignIn(props: { onSignedIn: (s: Session) => void; notice: string | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const t = token.trim().replace(/^Bearer\s+/i, '');
    try {
      const s = await sessionFor(t);
      storeToken(t);
      props.onSignedIn(s);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? new ApiError(401, err.code, `Token refused: ${err.message}`, err.correlationId)
          : err,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in">
      <section class="panel" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to the recording vault</h1>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)}>
          <Field label="Access token" hint="An OIDC access token (JWT) issued for this vault.">
            <textarea
              name="token"
              rows={5}
              required
              spellcheck={false}
              autocomplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" disabled={busy || !token.trim()}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </form>
        <ErrorBox error={error} />
        <details class="help" open>
          <summary>Where do I get a token?</summary>
          <p>
            On a development install (no <code>OIDC_ISSUER</code> configured) an operator issues one from the command
            line:
          </p>
          <pre>
            <code>npm run vault -- token:issue --tenant acme --role qa</code>
          </pre>
          <p>
            Roles: <code>qa</code> (list and play recordings), <code>legal</code> (evidence, holds, data-subject
            requests), <code>auditor</code> (audit log), <code>admin</code>. Add <code>--ttl 8h</code> for a longer
            session (up to 24 h).
          </p>
          <p>With a real identity provider, paste an access token it issued for this service.</p>
          <p class="meta">
            The token is kept in this browser tab only (session storage) and is forgotten when you sign out or close the
            tab.
          </p>
        </details>
      </section>
    </main>
  );
}
