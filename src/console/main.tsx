import { roleMayCall } from '@call-recording-vault/client';
import { render } from 'preact';
import { Link, usePath } from './router';
import './styles.css';
import { AuditView } from './views/audit';
import { LegalView } from './views/legal';
import { MattersView, MatterView } from './views/matters';
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
  // What the role may do, from the API's own permission table: the console hides what would be refused.
  const mayList = roleMayCall(role, 'GET /v1/recordings');
  const mayLegal = roleMayCall(role, 'POST /v1/dsar/search');
  const mayAudit = roleMayCall(role, 'GET /v1/audit/events');
  const mayMatters = roleMayCall(role, 'GET /v1/matters');
  const nav = [
    mayList && {
      to: '/',
      label: 'Recordings',
      active: path === '/' || path.startsWith('/recordings'),
    },
    mayMatters && { to: '/matters', label: 'Matters', active: path.startsWith('/matters') },
    mayLegal && { to: '/legal', label: 'Legal', active: path === '/legal' },
    mayAudit && { to: '/audit', label: 'Audit', active: path === '/audit' },
  ].filter((n): n is { to: string; label: string; active: boolean } => !!n);

  let view;
  const recording = /^\/recordings\/([^/]+)$/.exec(path);
  const matter = /^\/matters\/([^/]+)$/.exec(path);
  if (recording && mayList) view = <RecordingView id={decodeURIComponent(recording[1])} session={session} />;
  else if (path === '/matters' && mayMatters) view = <MattersView />;
  else if (matter && mayMatters) view = <MatterView id={decodeURIComponent(matter[1])} />;
  else if (path === '/legal' && mayLegal) view = <LegalView />;
  else if (path === '/audit' && mayAudit) view = <AuditView />;
  else if (path === '/' && mayList)
    view = <RecordingsView searchWords={roleMayCall(role, 'GET /v1/recordings/{id}/transcript')} />;
  else if (path === '/' && mayAudit) view = <AuditView />;
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
