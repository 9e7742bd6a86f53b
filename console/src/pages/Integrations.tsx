/** Integrations: one card per identity provider: status, Configure, Test Connection, Sync Now with live progress, the schedule. */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorText, gql } from '../api';
import {
  CancelSyncDocument, SyncRunsDocument, ConfigureEntraDocument, ConfigureOktaDocument, IntegrationsDocument, SetSyncScheduleDocument, SyncEntraDocument, SyncOktaDocument,
  SyncRunDocument, TestEntraDocument, TestOktaDocument, type RunFieldsFragment, type ScheduleFieldsFragment, type StatusFieldsFragment, type TestFieldsFragment,
} from '../generated/graphql';
import { isAdmin, useSession } from '../main';
import { Loading, useQuery, when } from '../ui';

type Provider = 'entra' | 'okta';

const DATA_SETS: Record<Provider, Array<{ arg: string; label: string }>> = {
  entra: [
    { arg: 'syncUsers', label: 'Users and MFA' }, { arg: 'syncGroups', label: 'Groups' }, { arg: 'syncRoles', label: 'Roles' },
    { arg: 'syncSignIns', label: 'Sign-ins' }, { arg: 'syncPolicies', label: 'Conditional access policies' }, { arg: 'syncApps', label: 'Applications' },
  ],
  okta: [
    { arg: 'syncUsers', label: 'Users and factors' }, { arg: 'syncGroups', label: 'Groups' }, { arg: 'syncRoles', label: 'Roles' },
    { arg: 'syncLogs', label: 'System Log' }, { arg: 'syncPolicies', label: 'Policies' }, { arg: 'syncApps', label: 'Applications' },
  ],
};

const SETUP: Record<Provider, { steps: ReactNode[]; permissions: string[] }> = {
  entra: {
    steps: [
      <>In the Entra admin center, <b>App registrations → New registration</b> (single tenant, no redirect URI).</>,
      <><b>Certificates &amp; secrets → New client secret</b>; copy the value (it is shown once).</>,
      <><b>API permissions → Add a permission → Microsoft Graph → Application permissions</b>: the permissions below, then <b>Grant admin consent</b>.</>,
      <>Enter the directory (tenant) id, the application (client) id and the secret here, save, then <b>Test Connection</b>.</>,
    ],
    permissions: ['User.Read.All', 'Group.Read.All', 'Directory.Read.All', 'AuditLog.Read.All', 'Policy.Read.All', 'RoleEligibilitySchedule.Read.Directory (PIM eligibility)'],
  },
  okta: {
    steps: [
      <>Either an <b>API token</b> (Security → API → Tokens; a Read-only Administrator's is enough),</>,
      <>or, as Okta recommends, an <b>API service app</b>: Applications → Create App Integration → API Services; client authentication <i>Public key / Private key</i> with your key pair.</>,
      <>Grant the service app the scopes below and assign it the <b>Read-only Administrator</b> role. DPoP is supported.</>,
      <>Enter the org URL and either the API token, or the client id, private key (PEM or JWK) and key id; save, then <b>Test Connection</b>.</>,
    ],
    permissions: ['okta.users.read', 'okta.groups.read', 'okta.roles.read', 'okta.apps.read', 'okta.logs.read', 'okta.policies.read'],
  },
};

export function Integrations() {
  const state = useQuery(IntegrationsDocument, {});
  return (
    <main id="main">
      <h1>Integrations</h1>
      <Loading state={state} />
      {state.data && (
        <div className="cards">
          <ProviderCard provider="entra" title="Entra ID" status={state.data.entraIdStatus} reload={state.reload} />
          <ProviderCard provider="okta" title="Okta" status={state.data.oktaStatus} reload={state.reload} />
        </div>
      )}
    </main>
  );
}

function ProviderCard({ provider, title, status, reload }: { provider: Provider; title: string; status: StatusFieldsFragment; reload: () => void }) {
  const session = useSession();
  const admin = isAdmin(session);
  const [run, setRun] = useState<RunFieldsFragment | null>(status.lastSync ?? null);
  // A status reload may carry an older snapshot of the run this card is polling: never step back from it.
  useEffect(() => setRun((r) => newer(r, status.lastSync ?? null)), [status.lastSync]);
  const headingId = `${provider}-heading`;
  // Open at first when not configured; then the user's choice (a save must not fold the form and its message away).
  const [configOpen, setConfigOpen] = useState(!status.configured);
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`${provider}-card`}>
      <h2 id={headingId}>{title}</h2>
      <dl className="status">
        <dt>Status</dt>
        <dd>{status.configured ? <span className="badge ok">Configured</span> : <span className="badge warn">Not configured</span>}</dd>
        <dt>{provider === 'entra' ? 'Tenant' : 'Org'}</dt>
        <dd data-testid={`${provider}-tenant`}>{status.tenant ?? '—'}</dd>
        <dt>Client id</dt>
        <dd>{status.clientId ?? '—'}</dd>
        <dt>Credential</dt>
        <dd>{status.credentialSet ? 'set (never shown)' : 'not set'}</dd>
        <dt>Schedule</dt>
        <dd data-testid={`${provider}-schedule`}>{scheduleText(status.schedule)}</dd>
      </dl>
      <RunView run={run} title="Last sync" />
      {admin && (
        <>
          <details className="configure" open={configOpen} onToggle={(e) => setConfigOpen(e.currentTarget.open)}>
            <summary>Configure</summary>
            <div className="configure-body">
              {provider === 'entra' ? <EntraForm saved={reload} /> : <OktaForm saved={reload} />}
              <aside className="setup" aria-label={`${title} setup steps`}>
                <h3>Setup steps</h3>
                <ol>{SETUP[provider].steps.map((s, i) => <li key={i}>{s}</li>)}</ol>
                <h3>Required permissions</h3>
                <ul className="perms">{SETUP[provider].permissions.map((p) => <li key={p}><code>{p}</code></li>)}</ul>
              </aside>
            </div>
          </details>
          <TestConnection provider={provider} disabled={!status.configured} />
          <SyncNow provider={provider} disabled={!status.configured} run={run} onRun={(r) => { setRun(r); if (!isLive(r)) reload(); }} />
          <ScheduleForm provider={provider} title={title} source={status.source} schedule={status.schedule} disabled={!status.configured} saved={reload} />
        </>
      )}
      {status.configured && <RunHistory source={status.source} latest={run ? `${run.id}:${run.status}` : ''} />}
    </section>
  );
}

/** What the card says about the schedule: how often, how often FULL, and when next; or that there is none. */
function scheduleText(schedule: ScheduleFieldsFragment | null): string {
  if (!schedule) return 'On demand only';
  const next = schedule.nextRunAt ? `, next run at ${when(schedule.nextRunAt)}` : '';
  return `Every ${schedule.everyMinutes} min, full every ${schedule.fullEveryHours} h${next}`;
}

/** The run to show: the card's own unless the status names a later one; the same run's finished state wins. */
function newer(mine: RunFieldsFragment | null, fromStatus: RunFieldsFragment | null): RunFieldsFragment | null {
  if (!mine) return fromStatus;
  if (!fromStatus) return mine;
  if (mine.id === fromStatus.id) return isLive(mine) ? fromStatus : mine;
  return isLive(mine) || mine.startedAt > fromStatus.startedAt ? mine : fromStatus;
}

function isLive(run: RunFieldsFragment): boolean {
  return run.status === 'RUNNING' || run.status === 'QUEUED';
}

function RunView({ run, title }: { run: RunFieldsFragment | null; title: string }) {
  if (!run) return <p className="muted">{title}: never synced.</p>;
  return (
    <div className="run" data-testid="run">
      <h3>{title}</h3>
      <p>
        <span className={`badge ${run.status === 'SUCCEEDED' ? 'ok' : isLive(run) ? 'info' : 'bad'}`} data-testid="run-status">{run.status}</span>{' '}
        <span data-testid="run-mode">{run.mode.toLowerCase()}</span> sync, started {when(run.startedAt)}{run.finishedAt ? `, finished ${when(run.finishedAt)}` : ''}
      </p>
      {run.progress && isLive(run) && <p aria-live="polite" className="muted">{run.progress}</p>}
      {run.counts.length > 0 && (
        <table>
          <caption className="sr-only">{title}: objects per data set</caption>
          <thead><tr><th scope="col">Data set</th><th scope="col" className="num">Objects</th><th scope="col" className="num">Seconds</th></tr></thead>
          <tbody>
            {run.counts.map((c) => (
              <tr key={c.dataSet}><th scope="row">{c.dataSet}</th><td className="num">{c.count}</td><td className="num">{(c.durationMs / 1000).toFixed(1)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {run.errors.length > 0 && (
        <ul className="errors" aria-label="Errors">
          {run.errors.map((e, i) => <li key={i}><b>{e.dataSet}</b>{e.code ? ` (${e.code})` : ''}: {e.message}</li>)}
        </ul>
      )}
      {run.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {run.warnings.map((e, i) => <li key={i}><b>{e.dataSet}</b>{e.code ? ` (${e.code})` : ''}: {e.message}</li>)}
        </ul>
      )}
    </div>
  );
}

function Field({ id, label, children, hint }: { id: string; label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}

function useSave(saved: () => void) {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async (op: () => Promise<unknown>, clear: () => void) => {
    setBusy(true);
    setMsg(undefined);
    try {
      await op();
      clear();
      setMsg({ ok: true, text: 'Saved. The credential is stored encrypted and is never shown again.' });
      saved();
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return { msg, busy, save };
}

function SaveResult({ msg }: { msg: { ok: boolean; text: string } | undefined }) {
  if (!msg) return null;
  return <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'success' : 'error'}>{msg.text}</p>;
}

function EntraForm({ saved }: { saved: () => void }) {
  const [tenantId, setTenantId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const { msg, busy, save } = useSave(saved);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(() => gql(ConfigureEntraDocument, { input: { tenantId: tenantId.trim(), clientId: clientId.trim(), clientSecret } }), () => setClientSecret(''));
  };
  return (
    <form onSubmit={submit} aria-label="Configure Entra ID">
      <Field id="entra-tenant" label="Tenant ID"><input id="entra-tenant" value={tenantId} onChange={(e) => setTenantId(e.target.value)} required autoComplete="off" /></Field>
      <Field id="entra-client" label="Client ID"><input id="entra-client" value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" /></Field>
      <Field id="entra-secret" label="Client Secret" hint="Write-only: stored encrypted, never shown again.">
        <input id="entra-secret" type="password" value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} required autoComplete="new-password" aria-describedby="entra-secret-hint" />
      </Field>
      <button type="submit" disabled={busy}>Save</button>
      <SaveResult msg={msg} />
    </form>
  );
}

function OktaForm({ saved }: { saved: () => void }) {
  const [orgUrl, setOrgUrl] = useState('');
  const [apiToken, setApiToken] = useState('');
  const [clientId, setClientId] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [keyId, setKeyId] = useState('');
  const { msg, busy, save } = useSave(saved);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = apiToken
      ? { orgUrl: orgUrl.trim(), apiToken }
      : { orgUrl: orgUrl.trim(), clientId: clientId.trim(), privateKey, ...(keyId.trim() ? { keyId: keyId.trim() } : {}) };
    void save(() => gql(ConfigureOktaDocument, { input }), () => {
      setApiToken('');
      setPrivateKey('');
    });
  };
  return (
    <form onSubmit={submit} aria-label="Configure Okta">
      <Field id="okta-org" label="Org URL" hint="https://{org}.okta.com, oktapreview.com, okta-emea.com or a custom domain.">
        <input id="okta-org" type="url" value={orgUrl} onChange={(e) => setOrgUrl(e.target.value)} required autoComplete="off" aria-describedby="okta-org-hint" />
      </Field>
      <p className="hint">Either an API token, or a service app's client id with its private key.</p>
      <Field id="okta-token" label="API Token" hint="Write-only.">
        <input id="okta-token" type="password" value={apiToken} onChange={(e) => setApiToken(e.target.value)} autoComplete="new-password" aria-describedby="okta-token-hint" />
      </Field>
      <Field id="okta-client" label="Client ID"><input id="okta-client" value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" /></Field>
      <Field id="okta-key" label="Private Key" hint="PEM (PKCS#8) or JWK. Write-only.">
        <textarea id="okta-key" rows={4} value={privateKey} onChange={(e) => setPrivateKey(e.target.value)} spellCheck={false} aria-describedby="okta-key-hint" />
      </Field>
      <Field id="okta-kid" label="Key ID"><input id="okta-kid" value={keyId} onChange={(e) => setKeyId(e.target.value)} autoComplete="off" /></Field>
      <button type="submit" disabled={busy}>Save</button>
      <SaveResult msg={msg} />
    </form>
  );
}

function TestConnection({ provider, disabled }: { provider: Provider; disabled: boolean }) {
  const [result, setResult] = useState<TestFieldsFragment | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(provider === 'entra' ? (await gql(TestEntraDocument, {})).testEntraIdConnection : (await gql(TestOktaDocument, {})).testOktaConnection);
    } catch (err) {
      setResult(undefined);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="test">
      <button type="button" onClick={() => void run()} disabled={busy || disabled}>Test Connection</button>
      {busy && <span aria-live="polite"> testing…</span>}
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <>
          <p role="status" className={result.ok ? 'success' : 'error'}>{result.message}</p>
          <table aria-label="Connection checks">
            <thead><tr><th scope="col">Data set</th><th scope="col">Permission</th><th scope="col">Result</th><th scope="col">What to do</th></tr></thead>
            <tbody>
              {result.checks.map((c) => (
                <tr key={c.name}>
                  <th scope="row">{c.name}</th>
                  <td><code>{c.permission ?? '—'}</code></td>
                  <td>{c.ok ? <span className="badge ok">OK</span> : <span className="badge bad">Failed</span>}</td>
                  <td>{c.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function SyncNow({ provider, disabled, run, onRun }: { provider: Provider; disabled: boolean; run: RunFieldsFragment | null; onRun: (r: RunFieldsFragment) => void }) {
  const sets = DATA_SETS[provider];
  const [on, setOn] = useState<Record<string, boolean>>(() => Object.fromEntries(sets.map((s) => [s.arg, true])));
  const [hoursBack, setHoursBack] = useState(24);
  const [allowLargeDeletes, setAllowLargeDeletes] = useState(false);
  // Incremental by default, as the API: a full sync re-reads every data set whole.
  const [full, setFull] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const onRunRef = useRef(onRun);
  onRunRef.current = onRun;
  const liveId = run && isLive(run) ? run.id : null;

  // Live progress: poll syncRun while the run works.
  useEffect(() => {
    if (!liveId) return;
    let stop = false;
    const tick = async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 700));
        try {
          const { syncRun } = await gql(SyncRunDocument, { id: liveId });
          if (!syncRun || stop) return;
          onRunRef.current(syncRun);
          if (!isLive(syncRun)) return;
        } catch (err) {
          setError(errorText(err));
          return;
        }
      }
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [liveId]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const flags = Object.fromEntries(sets.map((s) => [s.arg, on[s.arg] ?? true]));
      const r = provider === 'entra'
        ? (await gql(SyncEntraDocument, { hoursBack, full, allowLargeDeletes, ...(flags as { syncUsers: boolean; syncGroups: boolean; syncRoles: boolean; syncSignIns: boolean; syncPolicies: boolean; syncApps: boolean }) })).entraIdSync
        : (await gql(SyncOktaDocument, { hoursBack, full, allowLargeDeletes, ...(flags as { syncUsers: boolean; syncGroups: boolean; syncRoles: boolean; syncLogs: boolean; syncPolicies: boolean; syncApps: boolean }) })).oktaSync;
      onRun(r);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const live = run !== null && isLive(run);
  return (
    <form className="sync" onSubmit={(e) => void start(e)} aria-label={`Sync ${provider === 'entra' ? 'Entra ID' : 'Okta'}`}>
      <fieldset>
        <legend>Data sets</legend>
        {sets.map((s) => (
          <label key={s.arg} className="switch">
            <input type="checkbox" role="switch" checked={on[s.arg] ?? true} onChange={(e) => setOn({ ...on, [s.arg]: e.target.checked })} /> {s.label}
          </label>
        ))}
      </fieldset>
      <div className="field inline">
        <label htmlFor={`${provider}-hours`}>Hours back</label>
        <input id={`${provider}-hours`} type="number" min={1} max={720} value={hoursBack} onChange={(e) => setHoursBack(Number(e.target.value))} />
      </div>
      <label className="switch">
        <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Full sync (re-read everything)
        <small className="muted">(otherwise only what changed since the last sync, where the provider allows it)</small>
      </label>
      <label className="switch">
        <input type="checkbox" checked={allowLargeDeletes} onChange={(e) => setAllowLargeDeletes(e.target.checked)} /> Accept large deletions
        <small className="muted">(a listing under half its last size is otherwise kept: LISTING_SHRANK)</small>
      </label>
      <div className="inline">
        <button type="submit" disabled={disabled || live}>Sync Now</button>
        {live && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              gql(CancelSyncDocument, { id: run.id }).then((r) => onRun(r.cancelSync), (err: unknown) => setError(errorText(err)));
            }}
          >
            Cancel
          </button>
        )}
        {live && <span className="badge info" aria-live="polite">{run.status.toLowerCase()}…</span>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** Limits of setSyncSchedule's arguments (the API says the same and refuses anything else). */
const EVERY_MINUTES = { min: 5, max: 10_080 };
const FULL_EVERY_HOURS = { min: 1, max: 720 };

/** Sets or turns off the schedule (setSyncSchedule); admins only. */
function ScheduleForm({ provider, title, source, schedule, disabled, saved }: {
  provider: Provider; title: string; source: StatusFieldsFragment['source']; schedule: ScheduleFieldsFragment | null; disabled: boolean; saved: () => void;
}) {
  const [everyMinutes, setEveryMinutes] = useState(schedule?.everyMinutes ?? 60);
  const [fullEveryHours, setFullEveryHours] = useState(schedule?.fullEveryHours ?? 24);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const apply = async (minutes: number | null) => {
    setBusy(true);
    setMsg(undefined);
    try {
      const { setSyncSchedule } = await gql(SetSyncScheduleDocument, { source, everyMinutes: minutes, fullEveryHours });
      setMsg({ ok: true, text: setSyncSchedule.schedule ? `Schedule saved: ${scheduleText(setSyncSchedule.schedule)}.` : 'Schedule turned off: syncs run on demand only.' });
      saved();
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void apply(everyMinutes);
  };
  return (
    <form className="schedule" onSubmit={submit} aria-label={`Schedule ${title} syncs`}>
      <h3>Schedule</h3>
      <p className="hint">Every API replica looks for due runs; each scheduled run happens once. A run is full when the last full one would otherwise grow older than the full interval, incremental otherwise.</p>
      <div className="inline">
        <div className="field">
          <label htmlFor={`${provider}-every`}>Sync every (minutes)</label>
          <input id={`${provider}-every`} type="number" min={EVERY_MINUTES.min} max={EVERY_MINUTES.max} value={everyMinutes} onChange={(e) => setEveryMinutes(Number(e.target.value))} required />
        </div>
        <div className="field">
          <label htmlFor={`${provider}-full-every`}>Full sync every (hours)</label>
          <input id={`${provider}-full-every`} type="number" min={FULL_EVERY_HOURS.min} max={FULL_EVERY_HOURS.max} value={fullEveryHours} onChange={(e) => setFullEveryHours(Number(e.target.value))} required />
        </div>
      </div>
      <div className="inline">
        <button type="submit" disabled={busy || disabled}>Save schedule</button>
        <button type="button" className="secondary" disabled={busy || schedule === null} onClick={() => void apply(null)}>Turn off schedule</button>
      </div>
      {msg && <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'success' : 'error'}>{msg.text}</p>}
    </form>
  );
}

/** The run history (syncRuns), newest first; reloaded when the latest run changes. */
function RunHistory({ source, latest }: { source: string; latest: string }) {
  const state = useQuery(SyncRunsDocument, { source: source as 'ENTRA_ID' | 'OKTA', first: 10 }, [latest]);
  const runs = state.data?.syncRuns ?? [];
  return (
    <details className="history">
      <summary>Run history ({runs.length}{runs.length === 10 ? '+' : ''})</summary>
      {state.error && <p role="alert" className="error">{state.error}</p>}
      <table>
        <caption className="sr-only">Sync runs, newest first</caption>
        <thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Mode</th><th scope="col">Finished</th><th scope="col" className="num">Objects</th><th scope="col">Errors</th></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>{when(r.startedAt)}</td><td>{r.status}</td><td>{r.mode.toLowerCase()}</td><td>{r.finishedAt ? when(r.finishedAt) : '—'}</td>
              <td className="num">{r.counts.reduce((n, c) => n + c.count, 0)}</td>
              <td>{r.errors.map((e) => `${e.dataSet}${e.code ? ` (${e.code})` : ''}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
