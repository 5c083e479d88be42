import { useCallback, useEffect, useState } from 'preact/hooks';
import { whenUnauthenticated } from './api';
import {
  CALLBACK_PATH,
  completeSignIn,
  endSessionUrl,
  loadSettings,
  refreshTokens,
  type ConsoleSettings,
} from './oidc';
import { BASE, navigate } from './router';
import { setCurrentSession, type Session } from './session';
import { sessionFor } from './views/sign-in';

/** Renew this long before the access token expires. */
const REFRESH_EARLY_SEC = 60;

export interface SessionState {
  settings: ConsoleSettings | null;
  session: Session | null;
  loading: boolean;
  notice: string | null;
  signedIn: (s: Session) => void;
  signOut: (message?: string | null) => void;
}

/**
 * The console's sign-in lifecycle: loads the settings, finishes an
 * authorization-code redirect, renews tokens silently with the refresh token,
 * and signs out at the provider as well as here.
 */
export function useSession(): SessionState {
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  const apply = useCallback((s: Session | null) => {
    setCurrentSession(s);
    setSession(s);
  }, []);

  const signOut = useCallback(
    (message: string | null = null) => {
      const idToken = session?.idToken;
      const viaProvider = !!session?.refreshToken || !!idToken;
      apply(null);
      setNotice(message);
      if (viaProvider && settings && message === null) {
        void endSessionUrl(settings, idToken).then((url) => {
          if (url) location.assign(url);
          else navigate('/');
        });
      } else navigate('/');
    },
    [session, settings, apply],
  );

  useEffect(() => {
    whenUnauthenticated((e) => {
      apply(null);
      setNotice(`Signed out: ${e.message}`);
    });
    void (async () => {
      try {
        const s = await loadSettings();
        setSettings(s);
        if (location.pathname === BASE + CALLBACK_PATH) {
          const { returnTo: back, ...tokens } = await completeSignIn(s);
          apply(await sessionFor(tokens, s));
          navigate(back);
        }
      } catch (e) {
        setNotice(e instanceof Error ? e.message : 'Sign-in failed');
      } finally {
        setLoading(false);
      }
    })();
  }, [apply]);

  // Renew before expiry with the refresh token; without one, sign out at expiry rather than let a request fail.
  useEffect(() => {
    if (!session || !settings) return;
    const refresh = session.refreshToken;
    const lead = refresh ? REFRESH_EARLY_SEC : 0;
    const ms = Math.max(0, Math.min((session.expiresAt - lead) * 1000 - Date.now(), 2 ** 31 - 1));
    const timer = setTimeout(() => {
      if (!refresh) {
        signOut('Your session expired; sign in again.');
        return;
      }
      refreshTokens(settings, refresh)
        .then((tokens) => sessionFor({ idToken: session.idToken, ...tokens }, settings))
        .then(apply)
        .catch(() => signOut('Your session could not be renewed; sign in again.'));
    }, ms);
    return () => clearTimeout(timer);
  }, [session, settings, apply, signOut]);

  return {
    settings,
    session,
    loading,
    notice,
    signedIn: (s) => {
      setNotice(null);
      apply(s);
    },
    signOut,
  };
}
