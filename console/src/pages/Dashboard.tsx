/**
 * The posture dashboard: every number from identityPosture, each linked to the list behind it where the API
 * serves that list (Global Admins, role holders, stale accounts, high-privilege apps, SSO overlap and gaps,
 * MFA gaps and role conflicts by kind, high-severity and all security events). The others (accounts, MFA
 * ratios, people in one IdP, conditional access coverage, app totals) have no list in the API yet.
 */
import { useState } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import { PALETTE } from '../charts';
import { DashboardDocument, type DashboardQuery } from '../generated/graphql';
import { Link, Loading, SOURCE_NAME, humanize, pct, useLocation, navigate, useQuery, when } from '../ui';

type Posture = DashboardQuery['identityPosture'];

export function Dashboard() {
  const { params } = useLocation();
  const staleAfterDays = Number(params.get('staleAfterDays') ?? 90) || 90;
  const [days, setDays] = useState(String(staleAfterDays));
  const state = useQuery(DashboardDocument, { staleAfterDays });
  const p = state.data?.identityPosture;
  return (
    <main id="main">
      <h1>Identity posture</h1>
      <Loading state={state} />
      {p && state.data && (
        <>
          <p className="muted">As of {when(p.asOf)}.</p>
          <div className="grid">
            <Accounts p={p} />
            <Mfa p={p} />
            <Privilege p={p} />
            <ConditionalAccess p={p} />
            <section className="panel" aria-labelledby="stale-h">
              <h2 id="stale-h">Stale accounts</h2>
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  const n = Number(days);
                  if (Number.isInteger(n) && n > 0) navigate(`/dashboard?staleAfterDays=${n}`);
                }}
              >
                <label htmlFor="stale-days">Stale after (days)</label>
                <input id="stale-days" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
                <button type="submit">Apply</button>
              </form>
              <ul className="figures">
                {p.staleAccounts.map((s) => (
                  <li key={s.source}>
                    <Link to={`/lists/stale?source=${s.source}&staleAfterDays=${staleAfterDays}`} className="figure" label={`${s.count} stale ${SOURCE_NAME[s.source]} accounts`}>
                      <span className="n" data-testid={`stale-${s.source}`}>{s.count}</span>
                    </Link>
                    <span>{SOURCE_NAME[s.source]} accounts idle for more than {staleAfterDays} days</span>
                  </li>
                ))}
              </ul>
            </section>
            <Events p={p} />
            <Apps p={p} />
            <CrossIdp p={p} />
          </div>
          <History history={state.data.postureHistory} />
        </>
      )}
    </main>
  );
}

function Figure({ n, to, label, testId }: { n: number | string; to?: string; label: string; testId?: string }) {
  return (
    <li>
      {to ? (
        <Link to={to} className="figure" label={`${n} ${label}`}><span className="n" data-testid={testId}>{n}</span></Link>
      ) : (
        <span className="figure"><span className="n" data-testid={testId}>{n}</span></span>
      )}
      <span>{label}</span>
    </li>
  );
}

function Accounts({ p }: { p: Posture }) {
  return (
    <section className="panel" aria-labelledby="acc-h">
      <h2 id="acc-h">Accounts</h2>
      <ul className="figures">
        {p.accounts.map((a) => (
          <Figure key={a.source} n={a.active} label={`active of ${a.total} ${SOURCE_NAME[a.source]} accounts${a.source === 'ENTRA_ID' ? ` (${a.guests} guests)` : ''}`} testId={`active-${a.source}`} />
        ))}
      </ul>
    </section>
  );
}

function Mfa({ p }: { p: Posture }) {
  const methods = [...new Set(p.mfa.flatMap((m) => m.byMethod.map((b) => b.method)))].sort();
  return (
    <section className="panel wide" aria-labelledby="mfa-h">
      <h2 id="mfa-h">MFA coverage</h2>
      <ul className="figures">
        {p.mfa.map((m) => (
          <Figure
            key={m.source}
            n={pct(m.ratio)}
            label={`of ${m.accounts} active ${SOURCE_NAME[m.source]} accounts have MFA (${m.registered} registered, ${m.confidence.toLowerCase()})`}
            testId={`mfa-${m.source}`}
          />
        ))}
      </ul>
      <div className="chart" role="img" aria-label={`MFA methods per identity provider: ${p.mfa.map((m) => `${SOURCE_NAME[m.source]} ${m.byMethod.map((b) => `${humanize(b.method)} ${b.accounts}`).join(', ')}`).join('; ')}`}>
        <Bar
          data={{
            labels: methods.map(humanize),
            datasets: p.mfa.map((m, i) => ({
              label: SOURCE_NAME[m.source] ?? m.source,
              data: methods.map((method) => m.byMethod.find((b) => b.method === method)?.accounts ?? 0),
              backgroundColor: PALETTE[i],
            })),
          }}
          options={{ responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } }, scales: { y: { title: { display: true, text: 'active accounts' } } } }}
        />
      </div>
    </section>
  );
}

function Privilege({ p }: { p: Posture }) {
  const privileged = p.roles.filter((r) => r.privileged);
  return (
    <section className="panel wide" aria-labelledby="priv-h">
      <h2 id="priv-h">Privileged roles</h2>
      <ul className="figures">
        <Figure n={p.globalAdminCount} to="/lists/global-admins" label="Global Administrators (active)" testId="global-admins" />
      </ul>
      <table>
        <thead><tr><th scope="col">Role</th><th scope="col">IdP</th><th scope="col">Tier 0</th><th scope="col" className="num">Active</th><th scope="col" className="num">Eligible</th></tr></thead>
        <tbody>
          {privileged.map((r) => (
            <tr key={`${r.source}:${r.roleKey}`}>
              <th scope="row">{r.role}</th>
              <td>{SOURCE_NAME[r.source]}</td>
              <td>{r.tier0 ? 'yes' : ''}</td>
              <td className="num"><Link to={`/lists/role?source=${r.source}&roleKey=${encodeURIComponent(r.roleKey)}`} label={`${r.activeHolders} active holders of ${r.role}`}>{r.activeHolders}</Link></td>
              <td className="num"><Link to={`/lists/role?source=${r.source}&roleKey=${encodeURIComponent(r.roleKey)}`} label={`${r.eligibleHolders} eligible holders of ${r.role}`}>{r.eligibleHolders}</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ConditionalAccess({ p }: { p: Posture }) {
  const ca = p.conditionalAccess;
  return (
    <section className="panel" aria-labelledby="ca-h">
      <h2 id="ca-h">Conditional access (Entra)</h2>
      <ul className="figures">
        <Figure n={ca.accountsWithoutMfaEnforcement} label="active Entra accounts no MFA policy covers" testId="ca-uncovered" />
        <Figure n={ca.enabled} label={`policies enabled, ${ca.reportOnly} report-only, ${ca.disabled} disabled`} />
      </ul>
      <p>MFA required for all users: <b>{ca.mfaRequiredForAllUsers ? 'yes' : 'no'}</b>. Legacy authentication blocked: <b>{ca.legacyAuthBlocked ? 'yes' : 'no'}</b>.</p>
      <details id="ca-policies">
        <summary>{ca.policies.length} policies</summary>
        <ul>
          {ca.policies.map((pol) => (
            <li key={pol.id}>{pol.displayName} — {humanize(pol.state)}{pol.requiresMfa ? ', requires MFA' : ''}{pol.blocks ? ', blocks' : ''}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Events({ p }: { p: Posture }) {
  return (
    <section className="panel" aria-labelledby="ev-h">
      <h2 id="ev-h">Security events</h2>
      <ul className="figures">
        <Figure n={p.securityEvents.total} to="/events" label="risky sign-ins and threats" testId="events-total" />
        {['HIGH', 'MEDIUM', 'LOW'].map((sev) => {
          const c = p.securityEvents.bySeverity.find((b) => b.severity === sev)?.count ?? 0;
          // The events list filters by minimum severity: only HIGH is exactly the list behind its number.
          return <Figure key={sev} n={c} to={sev === 'HIGH' ? '/events?severity=HIGH' : undefined} label={`${sev.toLowerCase()} severity`} testId={`events-${sev}`} />;
        })}
      </ul>
      <p className="muted">{p.securityEvents.bySource.map((s) => `${SOURCE_NAME[s.source]}: ${s.count}`).join(' · ')}</p>
    </section>
  );
}

function Apps({ p }: { p: Posture }) {
  const a = p.applications;
  return (
    <section className="panel" aria-labelledby="apps-h">
      <h2 id="apps-h">Applications</h2>
      <ul className="figures">
        <Figure n={a.highPrivilegeAppCount} to="/lists/high-privilege-apps" label="apps with Graph ReadWrite application permissions" testId="apps-high" />
        <Figure n={a.entraApplications} label={`Entra app registrations, ${a.entraServicePrincipals} service principals`} />
        <Figure n={a.oktaApps} label="Okta apps" />
        <Figure n={p.crossIdp.ssoOverlapCount} to="/lists/sso-overlap" label="apps integrated in both IdPs" />
        <Figure n={p.crossIdp.ssoGapCount} to="/lists/sso-gaps" label="apps signing on with stored passwords" />
      </ul>
    </section>
  );
}

function CrossIdp({ p }: { p: Posture }) {
  const x = p.crossIdp;
  return (
    <section className="panel wide" aria-labelledby="x-h">
      <h2 id="x-h">Across Entra ID and Okta</h2>
      <ul className="figures">
        <Figure n={x.inBoth} label="people in both" testId="in-both" />
        <Figure n={x.onlyInEntra} label="only in Entra ID" testId="only-entra" />
        <Figure n={x.onlyInOkta} label="only in Okta" testId="only-okta" />
      </ul>
      <div className="two">
        <div>
          <h3>MFA gaps</h3>
          <ul className="figures">
            {x.mfaGapCounts.map((g) => <Figure key={g.kind} n={g.people} to={`/lists/mfa-gaps?kind=${g.kind}`} label={humanize(g.kind)} testId={`gap-${g.kind}`} />)}
          </ul>
        </div>
        <div>
          <h3>Role conflicts</h3>
          <ul className="figures">
            {x.roleConflictCounts.map((g) => <Figure key={g.kind} n={g.people} to={`/lists/role-conflicts?kind=${g.kind}`} label={humanize(g.kind)} testId={`conflict-${g.kind}`} />)}
          </ul>
        </div>
      </div>
    </section>
  );
}

function History({ history }: { history: DashboardQuery['postureHistory'] }) {
  const rows = [...history].reverse();
  if (rows.length === 0) return null;
  const labels = rows.map((h) => when(h.asOf).slice(0, 16));
  const series: Array<[string, (h: (typeof rows)[number]) => number]> = [
    ['Global Admins', (h) => h.globalAdmins], ['MFA gaps', (h) => h.mfaGaps], ['Role conflicts', (h) => h.roleConflicts],
    ['Stale accounts', (h) => h.staleAccounts], ['Only in Entra ID', (h) => h.peopleOnlyInEntra], ['Only in Okta', (h) => h.peopleOnlyInOkta],
  ];
  return (
    <section className="panel" aria-labelledby="hist-h">
      <h2 id="hist-h">Posture history</h2>
      <div className="two">
        <div className="chart" role="img" aria-label={`MFA coverage over the last ${rows.length} syncs`}>
          <Line
            data={{ labels, datasets: [
              { label: 'Entra ID MFA %', data: rows.map((h) => h.mfaRatioEntra * 100), borderColor: PALETTE[0], backgroundColor: PALETTE[0] },
              { label: 'Okta MFA %', data: rows.map((h) => h.mfaRatioOkta * 100), borderColor: PALETTE[1], backgroundColor: PALETTE[1] },
            ] }}
            options={{ responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: 'bottom' } } }}
          />
        </div>
        <div className="chart" role="img" aria-label={`Risk counts over the last ${rows.length} syncs`}>
          <Line
            data={{ labels, datasets: series.map(([label, f], i) => ({ label, data: rows.map(f), borderColor: PALETTE[(i + 2) % PALETTE.length], backgroundColor: PALETTE[(i + 2) % PALETTE.length] })) }}
            options={{ responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } }}
          />
        </div>
      </div>
    </section>
  );
}
