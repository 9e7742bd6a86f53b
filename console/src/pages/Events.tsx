/** Security events, newest first, filtered by minimum severity, paged. */
import { useEffect, useState } from 'react';
import { EventsDocument, type Severity } from '../generated/graphql';
import { Link, Loading, SOURCE_NAME, navigate, useLocation, useQuery, when } from '../ui';

const PAGE = 50;
const SEVERITIES: Severity[] = ['LOW', 'MEDIUM', 'HIGH'];

export function Events() {
  const { params } = useLocation();
  const minSeverity = (SEVERITIES.find((s) => s === params.get('severity')) ?? 'LOW');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  useEffect(() => setCursors([null]), [minSeverity]);
  const s = useQuery(EventsDocument, { first: PAGE, after: cursors[cursors.length - 1] ?? null, minSeverity });
  const c = s.data?.securityEvents;
  const start = (cursors.length - 1) * PAGE;
  return (
    <main id="main">
      <h1>Security events</h1>
      <div className="field inline">
        <label htmlFor="severity">Minimum severity</label>
        <select id="severity" value={minSeverity} onChange={(e) => navigate(`/events?severity=${e.target.value}`)}>
          {SEVERITIES.map((v) => <option key={v} value={v}>{v.toLowerCase()}{v === 'HIGH' ? '' : ' and above'}</option>)}
        </select>
      </div>
      <Loading state={s} />
      {c && (
        <>
          <p aria-live="polite">{c.totalCount} events, newest first.</p>
          <table>
            <thead><tr><th scope="col">When</th><th scope="col">Severity</th><th scope="col">Kind</th><th scope="col">IdP</th><th scope="col">Account</th><th scope="col">IP</th><th scope="col">Location</th></tr></thead>
            <tbody>
              {c.edges.map(({ node: e }) => (
                <tr key={e.id}>
                  <td>{when(e.occurredAt)}</td>
                  <td><span className={`badge sev-${e.severity}`}>{e.severity}</span></td>
                  <td>{e.kind}</td>
                  <td>{SOURCE_NAME[e.source]}</td>
                  <td>{e.account ? (e.account.person ? <Link to={`/people/${encodeURIComponent(e.account.person.id)}`}>{e.account.login}</Link> : e.account.login) : '—'}</td>
                  <td>{e.ipAddress ?? '—'}</td>
                  <td>{e.location ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Event pages">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
            <span>{c.totalCount === 0 ? 'none' : `${start + 1}–${start + c.edges.length} of ${c.totalCount}`}</span>
            <button type="button" disabled={!c.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, c.pageInfo.endCursor])}>Next page</button>
          </nav>
        </>
      )}
    </main>
  );
}
