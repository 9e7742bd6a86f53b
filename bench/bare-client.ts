/**
 * The benchmark's yardstick: a bare client that fetches the same pages the connectors fetch, from the same
 * simulators, with the same concurrency, and does nothing with them. sync time / bare time says what the
 * connectors' own work (transforms, Neo4j writes, cleanup, enrichment) costs on top of the unavoidable I/O.
 */
import { Agent, request } from 'undici';

type Json = Record<string, unknown>;

export interface BareResult {
  ms: number;
  requests: number;
}

class Fetcher {
  requests = 0;
  private readonly agent: Agent;
  constructor(ca: string, private readonly auth: string) {
    this.agent = new Agent({ connect: { ca }, connections: 64 });
  }
  async get(url: string): Promise<{ body: unknown; link: string[] }> {
    this.requests += 1;
    const res = await request(url, { headers: { authorization: this.auth, accept: 'application/json' }, dispatcher: this.agent });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`bare client: ${res.statusCode} for ${url}: ${text.slice(0, 200)}`);
    const link = res.headers.link;
    return { body: JSON.parse(text), link: link === undefined ? [] : Array.isArray(link) ? link : [link] };
  }
  async post(url: string, body: unknown): Promise<unknown> {
    this.requests += 1;
    const res = await request(url, {
      method: 'POST',
      headers: { authorization: this.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      dispatcher: this.agent,
    });
    return res.body.json();
  }
  close(): Promise<void> {
    return this.agent.close();
  }
}

async function eachLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++] as T);
  }));
}

/** Every item of a Graph collection, following @odata.nextLink. */
async function graphAll(f: Fetcher, url: string, onItem?: (item: Json) => void): Promise<void> {
  let next: string | undefined = url;
  while (next) {
    const { body } = await f.get(next);
    const page = body as { value: Json[]; '@odata.nextLink'?: string };
    if (onItem) page.value.forEach(onItem);
    next = page['@odata.nextLink'];
  }
}

function oktaNext(link: string[]): string | undefined {
  for (const l of link.flatMap((v) => v.split(/,(?=\s*<)/))) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(l);
    if (m) return m[1];
  }
  return undefined;
}

async function oktaAll(f: Fetcher, url: string, onItem?: (item: Json) => void): Promise<void> {
  let next: string | undefined = url;
  while (next) {
    const { body, link } = await f.get(next);
    if (onItem) (body as Json[]).forEach(onItem);
    next = oktaNext(link);
  }
}

export async function bareEntraFetch(opts: { graph: string; token: string; ca: string; hoursBack: number }): Promise<BareResult> {
  const f = new Fetcher(opts.ca, `Bearer ${opts.token}`);
  const g = `${opts.graph}/v1.0`;
  const t0 = performance.now();
  const userFields = 'id,userPrincipalName,displayName,mail,accountEnabled,userType,createdDateTime,onPremisesImmutableId,proxyAddresses,signInActivity';
  await graphAll(f, `${g}/users?$select=${userFields}&$top=500`);
  await graphAll(f, `${g}/reports/authenticationMethods/userRegistrationDetails`);
  const groups: string[] = [];
  await graphAll(f, `${g}/groups?$select=id,displayName,groupTypes,mailEnabled,securityEnabled,isAssignableToRole&$top=999`, (x) => groups.push(String(x.id)));
  const batches: string[][] = [];
  for (let i = 0; i < groups.length; i += 20) batches.push(groups.slice(i, i + 20));
  await eachLimit(batches, 4, async (batch) => {
    const res = (await f.post(`${g}/$batch`, {
      requests: batch.map((id, n) => ({ id: String(n), method: 'GET', url: `/groups/${id}/members?$select=id&$top=999` })),
    })) as { responses: Array<{ body: { '@odata.nextLink'?: string } }> };
    for (const r of res.responses) if (r.body['@odata.nextLink']) await graphAll(f, r.body['@odata.nextLink']);
  });
  await graphAll(f, `${g}/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName,isBuiltIn`);
  await graphAll(f, `${g}/roleManagement/directory/roleAssignments?$expand=principal`);
  await graphAll(f, `${g}/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal`);
  await graphAll(f, `${g}/identity/conditionalAccess/policies`);
  const since = new Date(Date.now() - opts.hoursBack * 3600_000).toISOString();
  await graphAll(f, `${g}/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${since}`)}&$top=1000`);
  await graphAll(f, `${g}/applications?$select=id,appId,displayName,signInAudience,web,passwordCredentials,keyCredentials&$top=999`);
  const sps: string[] = [];
  await graphAll(f, `${g}/servicePrincipals?$top=999`, (x) => sps.push(String(x.id)));
  await eachLimit(sps, 4, (id) => graphAll(f, `${g}/servicePrincipals/${id}/appRoleAssignments`));
  await graphAll(f, `${g}/oauth2PermissionGrants`);
  const ms = performance.now() - t0;
  await f.close();
  return { ms, requests: f.requests };
}

export async function bareOktaFetch(opts: { orgUrl: string; apiToken: string; ca: string; hoursBack: number; concurrency: number }): Promise<BareResult> {
  const f = new Fetcher(opts.ca, `SSWS ${opts.apiToken}`);
  const api = `${opts.orgUrl}/api/v1`;
  const t0 = performance.now();
  const users: string[] = [];
  await oktaAll(f, `${api}/users?limit=200`, (u) => users.push(String(u.id)));
  await oktaAll(f, `${api}/users?limit=200&search=${encodeURIComponent('status eq "DEPROVISIONED"')}`, (u) => users.push(String(u.id)));
  await eachLimit(users, opts.concurrency, async (id) => {
    await f.get(`${api}/users/${id}/factors`);
  });
  const groups: Json[] = [];
  await oktaAll(f, `${api}/groups?limit=200&expand=stats`, (x) => groups.push(x));
  await eachLimit(groups, 4, (gr) => oktaAll(f, `${api}/groups/${String(gr.id)}/users?limit=200`));
  const admins: string[] = [];
  let next: string | undefined = `${api}/iam/assignees/users?limit=100`;
  while (next) {
    const { body } = await f.get(next);
    const page = body as { value: Json[]; _links?: { next?: { href: string } } };
    page.value.forEach((a) => admins.push(String(a.id)));
    next = page._links?.next?.href;
  }
  await eachLimit(admins, 4, async (id) => {
    await f.get(`${api}/users/${id}/roles`);
  });
  const adminGroups = groups.filter((gr) => (gr._embedded as { stats?: { hasAdminPrivlege?: boolean } } | undefined)?.stats?.hasAdminPrivlege !== false);
  await oktaAll(f, `${api}/groups?limit=200&expand=stats`);
  await eachLimit(adminGroups, 4, async (gr) => {
    await f.get(`${api}/groups/${String(gr.id)}/roles`);
  });
  const apps: string[] = [];
  await oktaAll(f, `${api}/apps?limit=200`, (x) => apps.push(String(x.id)));
  for (const id of apps) {
    await oktaAll(f, `${api}/apps/${id}/users?limit=500`);
    await oktaAll(f, `${api}/apps/${id}/groups?limit=200`);
  }
  const since = new Date(Date.now() - opts.hoursBack * 3600_000).toISOString();
  await oktaAll(f, `${api}/logs?since=${encodeURIComponent(since)}&until=${encodeURIComponent(new Date().toISOString())}&limit=1000`);
  for (const type of ['OKTA_SIGN_ON', 'ACCESS_POLICY', 'MFA_ENROLL']) {
    const policies: string[] = [];
    await oktaAll(f, `${api}/policies?type=${type}`, (p) => policies.push(String(p.id)));
    for (const id of policies) await oktaAll(f, `${api}/policies/${id}/rules`);
  }
  const ms = performance.now() - t0;
  await f.close();
  return { ms, requests: f.requests };
}
