/** The identity explorer: people search (paged), a person's accounts side by side, their neighbourhood as a graph. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import cytoscape from 'cytoscape';
import { errorText, gql } from '../api';
import { LinkDocument, PeopleDocument, PersonDocument, UnlinkDocument, type PersonQuery } from '../generated/graphql';
import { PALETTE } from '../charts';
import { Link, Loading, SOURCE_NAME, humanize, navigate, useLocation, useQuery, when } from '../ui';

const PAGE = 25;

function PeopleSearch({ search, onPick, pickLabel, excludeId }: { search: string; onPick?: (p: { id: string; displayName: string; accounts: Array<{ id: string }> }) => void; pickLabel?: string; excludeId?: string }) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  useEffect(() => setCursors([null]), [search]);
  const after = cursors[cursors.length - 1] ?? null;
  const s = useQuery(PeopleDocument, { search: search || null, first: PAGE, after });
  const c = s.data?.people;
  const start = (cursors.length - 1) * PAGE;
  return (
    <>
      <Loading state={s} />
      {c && (
        <>
          <p aria-live="polite">{c.totalCount} {c.totalCount === 1 ? 'person' : 'people'}{search ? ` matching “${search}”` : ''}.</p>
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Emails</th><th scope="col">Accounts</th><th scope="col">Last activity</th>{onPick && <th scope="col"><span className="sr-only">Action</span></th>}</tr></thead>
            <tbody>
              {c.edges.map(({ node: p }) => (
                <tr key={p.id}>
                  <th scope="row"><Link to={`/people/${encodeURIComponent(p.id)}`}>{p.displayName}</Link></th>
                  <td>{p.emails.join(', ')}</td>
                  <td>{p.accounts.map((a) => SOURCE_NAME[a.source]).join(' + ')}</td>
                  <td>{when(p.lastActivityAt)}</td>
                  {onPick && <td>{p.id === excludeId ? <span className="muted">this person</span> : <button type="button" onClick={() => onPick(p)}>{pickLabel} {p.displayName}</button>}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="People pages">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
            <span>{c.totalCount === 0 ? 'none' : `${start + 1}–${start + c.edges.length} of ${c.totalCount}`}</span>
            <button type="button" disabled={!c.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, c.pageInfo.endCursor])}>Next page</button>
          </nav>
        </>
      )}
    </>
  );
}

export function People() {
  const { params } = useLocation();
  const search = params.get('q') ?? '';
  const [text, setText] = useState(search);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(text.trim() ? `/people?q=${encodeURIComponent(text.trim())}` : '/people');
  };
  return (
    <main id="main">
      <h1>People</h1>
      <form role="search" onSubmit={submit} className="inline">
        <label htmlFor="people-search">Search people</label>
        <input id="people-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name, email, UPN or login" />
        <button type="submit">Search</button>
      </form>
      <PeopleSearch search={search} />
    </main>
  );
}

type FullPerson = NonNullable<PersonQuery['person']>;

export function PersonPage({ id }: { id: string }) {
  const s = useQuery(PersonDocument, { id });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [linkSearch, setLinkSearch] = useState('');
  const [linkText, setLinkText] = useState('');
  // Until the query for this id answers, the previous person's data must not show under this URL.
  const p = s.data?.person?.id === id ? s.data.person : undefined;

  const act = async (op: () => Promise<{ id: string; displayName: string }>, done: string) => {
    setMsg(undefined);
    try {
      const person = await op();
      setMsg({ ok: true, text: done });
      if (person.id !== id) navigate(`/people/${encodeURIComponent(person.id)}`);
      else s.reload();
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    }
  };

  return (
    <main id="main">
      <p><Link to="/people">← People</Link></p>
      <Loading state={s} />
      {s.data && !s.loading && !p && <p>No such person (they may have been linked into another one).</p>}
      {p && (
        <>
          <h1>{p.displayName}</h1>
          <p className="muted">{p.emails.join(', ')} · {humanize(p.confidence)} · last activity {when(p.lastActivityAt)}</p>
          {msg && <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'success' : 'error'}>{msg.text}</p>}
          <div className="accounts">
            {p.accounts.map((a) => (
              <section key={a.id} className="card account" aria-label={`${SOURCE_NAME[a.source]} account ${a.login}`}>
                <h2>{SOURCE_NAME[a.source]}: {a.login}</h2>
                <dl className="status">
                  <dt>Status</dt><dd>{a.status}{a.active ? '' : ' (inactive)'} · {a.userType}</dd>
                  <dt>MFA</dt><dd>{a.mfaRegistered ? a.mfaMethods.map(humanize).join(', ') || 'registered' : 'none registered'}</dd>
                  <dt>Last sign-in</dt><dd>{when(a.lastSignInAt)}</dd>
                  <dt>Groups</dt><dd>{a.groups.map((g) => g.displayName).join(', ') || '—'}</dd>
                  <dt>Roles</dt>
                  <dd>
                    {a.roles.length === 0 ? '—' : (
                      <ul>{a.roles.map((r, i) => <li key={i}>{r.role.name}{r.role.tier0 ? ' (tier 0)' : ''}: {r.assignment.toLowerCase()}, {r.via.length ? `through ${r.via.map((g) => g.displayName).join(' → ')}` : 'directly'}</li>)}</ul>
                    )}
                  </dd>
                  <dt>Apps</dt><dd>{a.applications.map((x) => x.displayName).join(', ') || '—'}</dd>
                  <dt>Events</dt>
                  <dd>{a.securityEvents.length === 0 ? '—' : <ul>{a.securityEvents.slice(0, 10).map((e) => <li key={e.id}>{e.severity} {e.kind} · {when(e.occurredAt)}</li>)}</ul>}</dd>
                </dl>
                {p.accounts.length > 1 && (
                  <button type="button" onClick={() => void act(async () => (await gql(UnlinkDocument, { accountId: a.id })).unlinkAccounts, `${a.login} is now a person of its own.`)}>
                    Unlink this {SOURCE_NAME[a.source]} account
                  </button>
                )}
              </section>
            ))}
          </div>
          <section aria-labelledby="graph-h">
            <h2 id="graph-h">Neighbourhood</h2>
            <Graph person={p} />
          </section>
          <section aria-labelledby="link-h">
            <h2 id="link-h">Link accounts</h2>
            <p className="hint">When the twin missed that another person's accounts are this person's, link them: the correction persists across syncs.</p>
            <form role="search" className="inline" onSubmit={(e) => { e.preventDefault(); setLinkSearch(linkText.trim()); }}>
              <label htmlFor="link-search">Find a person to link</label>
              <input id="link-search" type="search" value={linkText} onChange={(e) => setLinkText(e.target.value)} />
              <button type="submit">Find</button>
            </form>
            {linkSearch && (
              <PeopleSearch
                search={linkSearch}
                pickLabel="Link with"
                excludeId={p.id}
                onPick={(other) => {
                  if (other.id === p.id) return;
                  void act(async () => (await gql(LinkDocument, { accountIds: [...p.accounts.map((a) => a.id), ...other.accounts.map((a) => a.id)] })).linkAccounts, `Linked ${other.displayName}'s accounts to this person.`);
                }}
              />
            )}
          </section>
        </>
      )}
    </main>
  );
}

function Graph({ person }: { person: FullPerson }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const elements: cytoscape.ElementDefinition[] = [{ data: { id: 'p', label: person.displayName, kind: 'person' } }];
    const add = (id: string, label: string, kind: string, from: string, edge: string) => {
      if (!elements.some((e) => e.data.id === id)) elements.push({ data: { id, label, kind } });
      elements.push({ data: { id: `${from}>${id}:${edge}`, source: from, target: id, label: edge } });
    };
    for (const a of person.accounts) {
      add(a.id, `${SOURCE_NAME[a.source]}\n${a.login}`, a.source === 'ENTRA_ID' ? 'entra' : 'okta', 'p', 'account');
      for (const g of a.groups) add(g.id, g.displayName, 'group', a.id, 'member of');
      for (const r of a.roles) add(`role:${r.role.id}`, r.role.name, 'role', r.via.at(-1)?.id ?? a.id, r.assignment.toLowerCase());
      for (const x of a.applications.slice(0, 15)) add(x.id, x.displayName, 'app', a.id, 'app');
    }
    const cy = cytoscape({
      container: ref.current,
      elements,
      layout: { name: 'breadthfirst', roots: ['p'], spacingFactor: 1.1, padding: 10 },
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': '110px', 'text-valign': 'bottom', 'text-margin-y': 3, color: '#111827', 'background-color': '#6b7280', width: 18, height: 18 } },
        { selector: 'node[kind = "person"]', style: { 'background-color': '#111827', width: 28, height: 28, 'font-weight': 'bold' } },
        { selector: 'node[kind = "entra"]', style: { 'background-color': PALETTE[0]!, shape: 'round-rectangle' } },
        { selector: 'node[kind = "okta"]', style: { 'background-color': PALETTE[1]!, shape: 'round-rectangle' } },
        { selector: 'node[kind = "group"]', style: { 'background-color': PALETTE[2]!, shape: 'ellipse' } },
        { selector: 'node[kind = "role"]', style: { 'background-color': PALETTE[5]!, shape: 'diamond' } },
        { selector: 'node[kind = "app"]', style: { 'background-color': PALETTE[3]!, shape: 'hexagon' } },
        { selector: 'edge', style: { width: 1.5, 'line-color': '#9ca3af', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#9ca3af' } },
      ],
      wheelSensitivity: 0.3,
    });
    return () => cy.destroy();
  }, [person]);
  const counts = { accounts: person.accounts.length, groups: new Set(person.accounts.flatMap((a) => a.groups.map((g) => g.id))).size, roles: new Set(person.accounts.flatMap((a) => a.roles.map((r) => r.role.id))).size };
  return (
    <>
      <div ref={ref} className="graph" role="img" aria-label={`Graph of ${person.displayName}: ${counts.accounts} accounts, ${counts.groups} groups, ${counts.roles} roles (the same as the account cards above)`} />
      <p className="legend muted">
        <span style={{ color: PALETTE[0] }}>■</span> Entra ID account · <span style={{ color: '#a16207' }}>■</span> Okta account · <span style={{ color: PALETTE[2] }}>●</span> group · <span style={{ color: PALETTE[5] }}>◆</span> role · <span style={{ color: PALETTE[3] }}>⬢</span> app
      </p>
    </>
  );
}
