/** The lists behind the dashboard's numbers, paged with first/offset. */
import { useState, type ReactNode } from 'react';
import {
  GlobalAdminListDocument, HighPrivilegeAppListDocument, MfaGapListDocument, RoleConflictListDocument, RoleHolderListDocument,
  SsoListDocument, StaleListDocument, type ConsoleAccountFragment, type MfaGapKind, type RoleConflictKind,
} from '../generated/graphql';
import { Link, Loading, Pager, SOURCE_NAME, humanize, useLocation, useQuery, when } from '../ui';

const PAGE = 25;

export function DrillDown({ list }: { list: string }) {
  const { params } = useLocation();
  const [offset, setOffset] = useState(0);
  const props = { params, offset, setOffset };
  let body: ReactNode;
  switch (list) {
    case 'global-admins': body = <GlobalAdmins {...props} />; break;
    case 'stale': body = <Stale {...props} />; break;
    case 'role': body = <RoleHolders {...props} />; break;
    case 'high-privilege-apps': body = <HighPrivilegeApps {...props} />; break;
    case 'mfa-gaps': body = <MfaGaps {...props} />; break;
    case 'role-conflicts': body = <RoleConflicts {...props} />; break;
    case 'sso-overlap': case 'sso-gaps': body = <Sso which={list} {...props} />; break;
    default: body = <p>No such list.</p>;
  }
  return (
    <main id="main">
      <p><Link to="/dashboard">← Posture dashboard</Link></p>
      {body}
    </main>
  );
}

interface Props { params: URLSearchParams; offset: number; setOffset: (n: number) => void }

function AccountTable({ accounts, caption }: { accounts: ConsoleAccountFragment[]; caption: string }) {
  return (
    <table>
      <caption className="sr-only">{caption}</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Login</th><th scope="col">IdP</th><th scope="col">Status</th><th scope="col">MFA</th><th scope="col">Last sign-in</th></tr></thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">{a.displayName}</th><td>{a.login}</td><td>{SOURCE_NAME[a.source]}</td><td>{a.status}</td>
            <td>{a.mfaRegistered ? a.mfaMethods.map(humanize).join(', ') || 'yes' : 'none'}</td><td>{when(a.lastSignInAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GlobalAdmins({ offset, setOffset }: Props) {
  const s = useQuery(GlobalAdminListDocument, { first: PAGE, offset });
  const p = s.data?.identityPosture;
  return (
    <>
      <h1>Global Administrators</h1>
      <Loading state={s} />
      {p && <><AccountTable accounts={p.globalAdmins} caption="Global Administrators" /><Pager label="Global Administrators" offset={offset} pageSize={PAGE} total={p.globalAdminCount} onChange={setOffset} /></>}
    </>
  );
}

function Stale({ params, offset, setOffset }: Props) {
  const source = params.get('source') ?? 'ENTRA_ID';
  const staleAfterDays = Number(params.get('staleAfterDays') ?? 90) || 90;
  const s = useQuery(StaleListDocument, { staleAfterDays, first: PAGE, offset });
  const st = s.data?.identityPosture.staleAccounts.find((x) => x.source === source);
  return (
    <>
      <h1>Stale {SOURCE_NAME[source]} accounts (idle more than {staleAfterDays} days)</h1>
      <Loading state={s} />
      {st && <><AccountTable accounts={st.accounts} caption="Stale accounts" /><Pager label="Stale accounts" offset={offset} pageSize={PAGE} total={st.count} onChange={setOffset} /></>}
    </>
  );
}

function RoleHolders({ params, offset, setOffset }: Props) {
  const s = useQuery(RoleHolderListDocument, { first: PAGE, offset });
  const r = s.data?.identityPosture.roles.find((x) => x.source === params.get('source') && x.roleKey === params.get('roleKey'));
  return (
    <>
      <h1>{r ? `${r.role} (${SOURCE_NAME[r.source]}): holders` : 'Role holders'}</h1>
      <Loading state={s} />
      {s.data && !r && <p>No such role.</p>}
      {r && <><p>{r.activeHolders} active, then {r.eligibleHolders} eligible.</p><AccountTable accounts={r.holders} caption="Role holders" /><Pager label="Role holders" offset={offset} pageSize={PAGE} total={r.activeHolders + r.eligibleHolders} onChange={setOffset} /></>}
    </>
  );
}

function HighPrivilegeApps({ offset, setOffset }: Props) {
  const s = useQuery(HighPrivilegeAppListDocument, { first: PAGE, offset });
  const a = s.data?.identityPosture.applications;
  return (
    <>
      <h1>High-privilege applications</h1>
      <Loading state={s} />
      {a && (
        <>
          <table>
            <thead><tr><th scope="col">Application</th><th scope="col">App id</th><th scope="col">Permissions</th></tr></thead>
            <tbody>{a.highPrivilegeApps.map((x) => <tr key={x.id}><th scope="row">{x.displayName}</th><td><code>{x.externalId}</code></td><td>{x.permissions.join(', ')}</td></tr>)}</tbody>
          </table>
          <Pager label="Applications" offset={offset} pageSize={PAGE} total={a.highPrivilegeAppCount} onChange={setOffset} />
        </>
      )}
    </>
  );
}

function KindFilter<K extends string>({ kinds, value, onChange, label }: { kinds: Array<{ kind: K; people: number }>; value: K | undefined; onChange: (k: K | undefined) => void; label: string }) {
  return (
    <div className="field inline">
      <label htmlFor="kind">{label}</label>
      <select id="kind" value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as K | undefined)}>
        <option value="">All kinds ({kinds.reduce((n, k) => n + k.people, 0)})</option>
        {kinds.map((k) => <option key={k.kind} value={k.kind}>{humanize(k.kind)} ({k.people})</option>)}
      </select>
    </div>
  );
}

function MfaGaps({ params, offset, setOffset }: Props) {
  const [kind, setKind] = useState<MfaGapKind | undefined>((params.get('kind') as MfaGapKind | null) ?? undefined);
  const s = useQuery(MfaGapListDocument, { kind: kind ?? null, first: PAGE, offset });
  const x = s.data?.identityPosture.crossIdp;
  const total = x ? (kind ? x.mfaGapCounts.find((c) => c.kind === kind)?.people ?? 0 : x.mfaGapCounts.reduce((n, c) => n + c.people, 0)) : 0;
  return (
    <>
      <h1>MFA gaps{kind ? `: ${humanize(kind)}` : ''}</h1>
      {x && <KindFilter label="Gap kind" kinds={x.mfaGapCounts} value={kind} onChange={(k) => { setKind(k); setOffset(0); }} />}
      <Loading state={s} />
      {x && (
        <>
          <table>
            <thead><tr><th scope="col">Person</th><th scope="col">Gap</th><th scope="col">Accounts</th></tr></thead>
            <tbody>
              {x.mfaGaps.map((g) => (
                <tr key={`${g.person.id}:${g.kind}`}>
                  <th scope="row"><Link to={`/people/${encodeURIComponent(g.person.id)}`}>{g.person.displayName}</Link></th>
                  <td>{humanize(g.kind)}{g.federatedThroughOkta ? ' (federated through Okta)' : ''}</td>
                  <td>{g.accounts.map((a) => `${a.login} (${SOURCE_NAME[a.source]})`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="MFA gaps" offset={offset} pageSize={PAGE} total={total} onChange={setOffset} />
        </>
      )}
    </>
  );
}

function RoleConflicts({ params, offset, setOffset }: Props) {
  const [kind, setKind] = useState<RoleConflictKind | undefined>((params.get('kind') as RoleConflictKind | null) ?? undefined);
  const s = useQuery(RoleConflictListDocument, { kind: kind ?? null, first: PAGE, offset });
  const x = s.data?.identityPosture.crossIdp;
  const total = x ? (kind ? x.roleConflictCounts.find((c) => c.kind === kind)?.people ?? 0 : x.roleConflictCounts.reduce((n, c) => n + c.people, 0)) : 0;
  return (
    <>
      <h1>Role conflicts{kind ? `: ${humanize(kind)}` : ''}</h1>
      {x && <KindFilter label="Conflict kind" kinds={x.roleConflictCounts} value={kind} onChange={(k) => { setKind(k); setOffset(0); }} />}
      <Loading state={s} />
      {x && (
        <>
          <table>
            <thead><tr><th scope="col">Person</th><th scope="col">Conflict</th><th scope="col">Roles</th></tr></thead>
            <tbody>
              {x.roleConflicts.map((g) => (
                <tr key={`${g.person.id}:${g.kind}`}>
                  <th scope="row"><Link to={`/people/${encodeURIComponent(g.person.id)}`}>{g.person.displayName}</Link></th>
                  <td>{humanize(g.kind)}</td><td>{g.roles.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="Role conflicts" offset={offset} pageSize={PAGE} total={total} onChange={setOffset} />
        </>
      )}
    </>
  );
}

function Sso({ which, offset, setOffset }: Props & { which: string }) {
  const s = useQuery(SsoListDocument, { first: PAGE, offset });
  const x = s.data?.identityPosture.crossIdp;
  return (
    <>
      <h1>{which === 'sso-overlap' ? 'Apps integrated in both IdPs' : 'Apps signing on with stored passwords'}</h1>
      <Loading state={s} />
      {x && which === 'sso-overlap' && (
        <>
          <table>
            <thead><tr><th scope="col">Entra ID application</th><th scope="col">Okta application</th></tr></thead>
            <tbody>{x.ssoOverlap.map((o) => <tr key={`${o.entra.id}:${o.okta.id}`}><td>{o.entra.displayName}</td><td>{o.okta.displayName}</td></tr>)}</tbody>
          </table>
          <Pager label="Overlapping apps" offset={offset} pageSize={PAGE} total={x.ssoOverlapCount} onChange={setOffset} />
        </>
      )}
      {x && which === 'sso-gaps' && (
        <>
          <table>
            <thead><tr><th scope="col">Application</th><th scope="col">IdP</th></tr></thead>
            <tbody>{x.ssoGaps.map((a) => <tr key={a.id}><th scope="row">{a.displayName}</th><td>{SOURCE_NAME[a.source]}</td></tr>)}</tbody>
          </table>
          <Pager label="Password apps" offset={offset} pageSize={PAGE} total={x.ssoGapCount} onChange={setOffset} />
        </>
      )}
    </>
  );
}
