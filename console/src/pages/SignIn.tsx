import { useState, type FormEvent } from 'react';
import { apiKey, errorText, gql } from '../api';
import { ViewerDocument } from '../generated/graphql';
import type { Session } from '../main';

export function SignIn({ message, onSignedIn }: { message: string | undefined; onSignedIn: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(message);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { viewer } = await gql(ViewerDocument, {}, key.trim());
      apiKey.set(key.trim());
      setKey('');
      onSignedIn({ ...viewer, open: false });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>Identity twin console</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby="signin-help">
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} required />
        <p id="signin-help" className="hint">
          A key from the server's TWIN_API_KEYS (admin or analyst). It is kept in this tab's session storage only and is forgotten when the tab closes.
        </p>
        <button type="submit" disabled={busy || key.trim() === ''}>Sign in</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </main>
  );
}
