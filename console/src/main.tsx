/** The admin console: sign-in, then Integrations, the posture dashboard, the identity explorer and security events. */
import { StrictMode, createContext, useContext, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { apiKey, errorText, gql } from './api';
import { ViewerDocument } from './generated/graphql';
import { Link, navigate, useLocation } from './ui';
import { SignIn } from './pages/SignIn';
import { Integrations } from './pages/Integrations';
import { Dashboard } from './pages/Dashboard';
import { DrillDown } from './pages/DrillDown';
import { People, PersonPage } from './pages/Explorer';
import { Events } from './pages/Events';
import './styles.css';

export interface Session {
  role: string;
  keyName: string;
  /** No key needed: the server runs without TWIN_API_KEYS on loopback. */
  open: boolean;
}

const SessionContext = createContext<Session>({ role: 'analyst', keyName: '', open: false });
export const useSession = (): Session => useContext(SessionContext);
export const isAdmin = (s: Session): boolean => s.role === 'admin';

const NAV = [
  { to: '/integrations', label: 'Integrations' },
  { to: '/dashboard', label: 'Posture' },
  { to: '/people', label: 'People' },
  { to: '/events', label: 'Security events' },
];

function Page() {
  const { path } = useLocation();
  if (path === '/' || path === '/dashboard') return <Dashboard />;
  if (path === '/integrations') return <Integrations />;
  if (path.startsWith('/lists/')) return <DrillDown list={decodeURIComponent(path.slice('/lists/'.length))} />;
  if (path === '/people') return <People />;
  if (path.startsWith('/people/')) return <PersonPage id={decodeURIComponent(path.slice('/people/'.length))} />;
  if (path === '/events') return <Events />;
  return (
    <main id="main">
      <h1>Not found</h1>
      <p><Link to="/dashboard">Go to the posture dashboard</Link></p>
    </main>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>();
  const { path } = useLocation();

  useEffect(() => {
    // Open mode is detected by a query without a key succeeding; otherwise a stored key is tried.
    const stored = apiKey.get();
    gql(ViewerDocument, {}, stored).then(
      ({ viewer }) => setSession({ ...viewer, open: viewer.keyName === 'open-access' }),
      (err: unknown) => {
        if (stored) {
          apiKey.clear();
          setMessage(errorText(err));
        }
        setSession(null);
      },
    );
  }, []);

  if (session === undefined) return <p aria-live="polite">Connecting…</p>;
  if (session === null) {
    return (
      <SignIn
        message={message}
        onSignedIn={(s) => {
          setMessage(undefined);
          setSession(s);
        }}
      />
    );
  }
  const current = path === '/' ? '/dashboard' : path;
  return (
    <SessionContext.Provider value={session}>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">Identity twin</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} className={current.startsWith(n.to) ? 'active' : undefined}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who" data-testid="who">
          {session.open ? 'Open access (loopback, no key)' : `Signed in as ${session.keyName}`} · role {session.role}
        </span>
        {!session.open && (
          <button
            type="button"
            onClick={() => {
              apiKey.clear();
              setSession(null);
              navigate('/');
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <Page />
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
