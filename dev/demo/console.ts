/** The demo's side of the API: GraphQL over HTTP like any client, and a terminal progress display. */
interface GqlError { message: string; extensions?: { code?: string } }
interface RunView { id: string; status: string; progress: string | null; counts: Array<{ dataSet: string; count: number }>; errors: Array<{ dataSet: string; code: string | null; message: string }> }

const RUN_FIELDS = 'id status progress counts { dataSet count } errors { dataSet code message }';

export class DemoClient {
  constructor(private readonly url: string, private readonly key: string | undefined) {}

  async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlError[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    return body.data as T;
  }

  async configureEntra(input: Record<string, string>): Promise<void> {
    await this.gql('mutation($i: EntraIdConfigInput!) { configureEntraId(input: $i) { configured } }', { i: input });
  }

  async configureOkta(input: Record<string, string>): Promise<void> {
    await this.gql('mutation($i: OktaConfigInput!) { configureOkta(input: $i) { configured } }', { i: input });
  }

  async testConnections(): Promise<void> {
    const checks = 'ok message checks { name ok permission detail }';
    const r = await this.gql<{ e: { ok: boolean; message: string }; o: { ok: boolean; message: string } }>(
      `mutation { e: testEntraIdConnection { ${checks} } o: testOktaConnection { ${checks} } }`,
    );
    console.log(`connection test: Entra ID ${r.e.ok ? 'ok' : 'FAILED'} (${r.e.message}); Okta ${r.o.ok ? 'ok' : 'FAILED'} (${r.o.message})`);
  }

  async syncEntra(): Promise<RunView> {
    return (await this.gql<{ entraIdSync: RunView }>(`mutation { entraIdSync(hoursBack: 168) { ${RUN_FIELDS} } }`)).entraIdSync;
  }

  async syncOkta(): Promise<RunView> {
    return (await this.gql<{ oktaSync: RunView }>(`mutation { oktaSync(hoursBack: 168) { ${RUN_FIELDS} } }`)).oktaSync;
  }

  async run(id: string): Promise<RunView> {
    return (await this.gql<{ syncRun: RunView }>(`query($id: ID!) { syncRun(id: $id) { ${RUN_FIELDS} } }`, { id })).syncRun;
  }
}

function describeRun(run: RunView): string {
  const counts = run.counts.map((c) => `${c.dataSet} ${c.count}`).join(', ');
  return `${run.status.padEnd(9)} ${counts}${run.progress ? `  (${run.progress})` : ''}`;
}

export async function watchRun(client: DemoClient, label: string, first: RunView): Promise<RunView> {
  let run = first;
  let last = '';
  const started = Date.now();
  while (run.status === 'RUNNING' || run.status === 'QUEUED') {
    const line = describeRun(run);
    if (line !== last) {
      console.log(`  ${label.padEnd(8)} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
      last = line;
    }
    await new Promise((r) => setTimeout(r, 500));
    run = await client.run(run.id);
  }
  console.log(`  ${label.padEnd(8)} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${describeRun(run)}`);
  for (const e of run.errors) console.log(`    ! ${e.dataSet}: ${e.code ?? ''} ${e.message}`);
  return run;
}

interface PostureView {
  identityPosture: {
    accounts: Array<{ source: string; total: number; active: number; guests: number }>;
    mfa: Array<{ source: string; accounts: number; registered: number; ratio: number }>;
    globalAdmins: Array<{ login: string }>;
    conditionalAccess: { enabled: number; reportOnly: number; disabled: number; mfaRequiredForAllUsers: boolean; legacyAuthBlocked: boolean; accountsWithoutMfaEnforcement: number };
    staleAccounts: Array<{ source: string; count: number }>;
    securityEvents: { total: number; bySeverity: Array<{ severity: string; count: number }> };
    applications: { entraApplications: number; entraServicePrincipals: number; oktaApps: number; highPrivilegeApps: Array<{ displayName: string }> };
    crossIdp: { inBoth: number; onlyInEntra: number; onlyInOkta: number; mfaGaps: Array<{ kind: string }>; roleConflicts: Array<{ kind: string }>; ssoOverlap: unknown[]; ssoGaps: unknown[] };
  };
}

function tally(items: Array<{ kind: string }>): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.kind, (m.get(i.kind) ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

export async function printPosture(client: DemoClient): Promise<void> {
  const { identityPosture: p } = await client.gql<PostureView>(`{
    identityPosture {
      accounts { source total active guests }
      mfa { source accounts registered ratio }
      globalAdmins { login }
      conditionalAccess { enabled reportOnly disabled mfaRequiredForAllUsers legacyAuthBlocked accountsWithoutMfaEnforcement }
      staleAccounts { source count }
      securityEvents { total bySeverity { severity count } }
      applications { entraApplications entraServicePrincipals oktaApps highPrivilegeApps { displayName } }
      crossIdp { inBoth onlyInEntra onlyInOkta mfaGaps { kind } roleConflicts { kind } ssoOverlap { entra { id } } ssoGaps { id } }
    }
  }`);
  console.log('\nposture');
  for (const a of p.accounts) console.log(`  ${a.source.padEnd(8)} accounts ${a.total} (active ${a.active}, guests ${a.guests})`);
  for (const m of p.mfa) console.log(`  ${m.source.padEnd(8)} MFA ${m.registered}/${m.accounts} active accounts (${(m.ratio * 100).toFixed(1)}%)`);
  console.log(`  Global Admins: ${p.globalAdmins.length} (${p.globalAdmins.map((g) => g.login).join(', ')})`);
  const ca = p.conditionalAccess;
  console.log(`  conditional access: ${ca.enabled} enabled, ${ca.reportOnly} report-only, ${ca.disabled} disabled; MFA for all users ${ca.mfaRequiredForAllUsers ? 'yes' : 'NO'}; legacy auth blocked ${ca.legacyAuthBlocked ? 'yes' : 'NO'}; ${ca.accountsWithoutMfaEnforcement} active accounts without MFA enforcement`);
  console.log(`  stale accounts (90 days): ${p.staleAccounts.map((s) => `${s.source} ${s.count}`).join(', ')}`);
  console.log(`  security events: ${p.securityEvents.total} (${p.securityEvents.bySeverity.map((s) => `${s.severity} ${s.count}`).join(', ')})`);
  const apps = p.applications;
  console.log(`  apps: ${apps.entraApplications} Entra registrations, ${apps.entraServicePrincipals} service principals, ${apps.oktaApps} Okta apps; ${apps.highPrivilegeApps.length} high-privilege`);
  const x = p.crossIdp;
  console.log(`  people: ${x.inBoth} in both IdPs, ${x.onlyInEntra} only in Entra, ${x.onlyInOkta} only in Okta`);
  console.log(`  MFA gaps: ${tally(x.mfaGaps)}`);
  console.log(`  role conflicts: ${tally(x.roleConflicts)}`);
  console.log(`  SSO: ${x.ssoOverlap.length} apps in both IdPs, ${x.ssoGaps.length} password-based SSO apps`);
}
