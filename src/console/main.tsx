import { render } from 'preact';
import { Link, usePath } from './router';
import { can } from './session';
import './styles.css';
import { AuditView } from './views/audit';
import { LegalView } from './views/legal';
import { RecordingView } from './views/recording';
import { RecordingsView } from './views/recordings';
import { ErrorBox } from './ui';
import { useSession } from './use-session';
import { SignIn } from './views/sign-in';

function App() {
  const { settings, session, loading, notice, signedIn, signOut } = useSession();
  const path = usePath();

  if (loading) return <p class="loading">Loading…</p>;
  if (!session) {
    if (!settings)
      return (
        <main id="main" class="sign-in">
          <section class="panel">
            <h1>The console cannot start</h1>
            <ErrorBox error={new Error(notice ?? 'The console settings could not be loaded')} />
          </section>
        </main>
      );
    return <SignIn settings={settings} notice={notice} onSignedIn={signedIn} />;
  }

  const role = session.role;
  const nav = [
    can.listRecordings(role) && {
      to: '/',
      label: 'Recordings',
      active: path === '/' || path.startsWith('/recordings'),
    },
    can.legal(role) && { to: '/legal', label: 'Legal', active: path === '/legal' },
    can.audit(role) && { to: '/audit', label: 'Audit', active: path === '/audit' },
  ].filter((n): n is { to: string; label: string; active: boolean } => !!n);

  let view;
  const recording = /^\/recordings\/([^/]+)$/.exec(path);
  if (recording && can.listRecordings(role))
    view = <RecordingView id={decodeURIComponent(recording[1])} session={session} />;
  else if (path === '/legal' && can.legal(role)) view = <LegalView />;
  else if (path === '/audit' && can.audit(role)) view = <AuditView />;
  else if (path === '/' && can.listRecordings(role)) view = <RecordingsView searchWords={can.play(role)} />;
  else if (path === '/' && can.audit(role)) view = <AuditView />;
  else view = <NotFound />;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Recording vault</span>
        <nav aria-label="Main">
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={n.active ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who" data-testid="who">
          <span>
            {session.subject} · <span class="badge role">{role}</span> · {session.tenant}
          </span>
          <button type="button" class="secondary" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {view}
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section class="panel">
      <h1>Not here</h1>
      <p>
        This page does not exist or your role cannot use it. <Link to="/">Back to the start</Link>
      </p>
    </section>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
