/** Shared pieces: a tiny router (history API; the server answers index.html for console paths), a query hook, a pager. */
import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode, type MouseEvent } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { gql, errorText } from './api';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; params: URLSearchParams } {
  const href = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => window.location.pathname + window.location.search,
  );
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, params: url.searchParams };
}

export function Link({ to, children, className, label }: { to: string; children: ReactNode; className?: string; label?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} aria-label={label}>
      {children}
    </a>
  );
}

export interface QueryState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

export function useQuery<T, V>(doc: TypedDocumentNode<T, V>, variables: V, deps: unknown[] = []): QueryState<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql(doc, variables).then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState({ error: errorText(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [doc, key, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function Loading({ state }: { state: { error?: string | undefined; loading: boolean } }) {
  if (state.error) return <p role="alert" className="error">{state.error}</p>;
  if (state.loading) return <p aria-live="polite">Loading…</p>;
  return null;
}

/** Previous / Next over an offset-paged list of `total` items. */
export function Pager({ offset, pageSize, total, onChange, label }: { offset: number; pageSize: number; total: number; onChange: (offset: number) => void; label: string }) {
  const last = Math.min(offset + pageSize, total);
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>Previous page</button>
      <span aria-live="polite">{total === 0 ? 'none' : `${offset + 1}–${last} of ${total}`}</span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + pageSize)}>Next page</button>
    </nav>
  );
}

export const SOURCE_NAME: Record<string, string> = { ENTRA_ID: 'Entra ID', OKTA: 'Okta' };

export function when(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

const LABELS: Record<string, string> = {
  MFA_ONLY_IN_ENTRA: 'MFA only in Entra ID', MFA_ONLY_IN_OKTA: 'MFA only in Okta', NO_MFA_ANYWHERE: 'No MFA anywhere',
  PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA: 'Privileged without phishing-resistant MFA', TIER0_IN_BOTH: 'Tier 0 in both IdPs',
  FIDO2: 'FIDO2', HARDWARE_OTP: 'Hardware OTP', SOFTWARE_OTP: 'Software OTP',
};

export function humanize(kind: string): string {
  return LABELS[kind] ?? kind.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
