import { useState } from 'preact/hooks';
import { ApiError, clientFor, ok } from '../api';
import { CALLBACK_PATH, startSignIn, type ConsoleSettings, type Tokens } from '../oidc';
import { BASE } from '../router';
import { readClaims, type Role, type Session } from '../session';
import { ErrorBox, Field } from '../ui';

/**
 * Checks an access token with the API (which verifies it) and builds the
 * session. Role and tenant are read from the claims the API is configured to
 * read; the API's own view wins where the token says nothing it can show.
 */
export async function sessionFor(tokens: Tokens, settings: ConsoleSettings): Promise<Session> {
  const claims = readClaims(tokens.accessToken);
  if (!claims) throw new Error('That is not a JWT: paste the whole access token.');
  const me = await ok(clientFor(tokens.accessToken).GET('/v1/tenants/current'));
  if (me.principal.kind !== 'user' || me.principal.role === 'ingest')
    throw new Error('That is a platform API key; the console takes staff tokens only.');
  const claimed = claims[settings.roleClaim];
  const session: Session = {
    token: tokens.accessToken,
    subject: claims.sub ?? 'unknown',
    role: (typeof claimed === 'string' ? claimed : me.principal.role) as Role,
    tenant: me.name,
    expiresAt: claims.exp ?? tokens.expiresAt ?? Math.floor(Date.now() / 1000) + 3600,
  };
  if (tokens.refreshToken) session.refreshToken = tokens.refreshToken;
  if (tokens.idToken) session.idToken = tokens.idToken;
  return session;
}

export function SignIn(props: { settings: ConsoleSettings; onSignedIn: (s: Session) => void; notice: string | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function single() {
    setBusy(true);
    setError(null);
    try {
      // Come back to the page that asked for sign-in (a deep link, say).
      const here = location.pathname.slice(BASE.length) || '/';
      await startSignIn(props.settings, here === CALLBACK_PATH ? '/' : here + location.search);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const t = token.trim().replace(/^Bearer\s+/i, '');
    try {
      props.onSignedIn(await sessionFor({ accessToken: t }, props.settings));
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
        <p>Sign in with your organisation's account; your role and tenant come from it.</p>
        <button type="button" onClick={() => void single()} disabled={busy}>
          Sign in with single sign-on
        </button>
        <ErrorBox error={error} />
        {props.settings.tokenSignIn && (
          <details class="help">
            <summary>Service account: sign in with an access token</summary>
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
                {busy ? 'Checking…' : 'Sign in with token'}
              </button>
            </form>
            <p>
              On a development install an operator issues one with{' '}
              <code>npm run vault -- token:issue --tenant acme --role qa</code>.
            </p>
          </details>
        )}
        <p class="meta">
          Your session is kept in this page only and is forgotten when you sign out, reload or close the tab.
        </p>
      </section>
    </main>
  );
}
