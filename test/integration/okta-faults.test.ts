/**
 * The Okta connector when Okta misbehaves or refuses: bad credentials, missing scopes, rate limits,
 * server errors, objects deleted mid-sync, malformed pages — and the connection test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ORG_API_TOKEN, EXAMPLE_ORG_NO_LOGS_API_TOKEN, EXAMPLE_ORG_SCOPES, EXAMPLE_USER_IDS, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import type { OktaConfigValues, OktaSyncOptions } from '../../src/ingest/connector.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { ALL, countOf, runSync as runOnce, serviceApp, startHarness, stored, type OktaHarness, type ServiceAppKey } from '../support/okta-harness.js';

const FULL_APP = '0oaFaultsFullScopes1d7';
const PARTIAL_APP = '0oaFaultsNoPolicies1d7';
const BEARER_APP = '0oaFaultsBearerOnly1d7';

let h: OktaHarness;
let full: ServiceAppKey;
let partial: ServiceAppKey;
let bearer: ServiceAppKey;

/** Faults while reading whole (okta-incremental.test.ts has the change feed's): every run here is FULL. */
const FULL = { full: true };
const runSync = (harness: OktaHarness, input: OktaConfigValues, options: OktaSyncOptions = ALL): Promise<SyncRunRecord> => runOnce(harness, input, options, FULL);

const token = (): { orgUrl: string; apiToken: string } => ({ orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN });
const appInput = (a: ServiceAppKey, clientId: string) => ({ orgUrl: h.sim.orgUrl, clientId, privateKey: a.privateKeyPem, keyId: a.keyId });

async function count(cypher: string): Promise<number> {
  const [row] = await h.graph.read<{ n: number }>(cypher);
  return row?.n ?? -1;
}

beforeAll(async () => {
  full = await serviceApp(FULL_APP, { requireDpop: true, grantedScopes: EXAMPLE_ORG_SCOPES });
  partial = await serviceApp(PARTIAL_APP, { requireDpop: true, grantedScopes: EXAMPLE_ORG_SCOPES.filter((s) => s !== 'okta.policies.read') });
  bearer = await serviceApp(BEARER_APP, { requireDpop: false, grantedScopes: EXAMPLE_ORG_SCOPES });
  const org = exampleOrg();
  org.serviceApps.push(full.fixture, partial.fixture, bearer.fixture);
  h = await startHarness(org);
});

beforeEach(() => {
  h.sim.reset();
});

afterAll(async () => {
  await h?.close();
});

describe('credentials', () => {
  it('fails the run with E0000011 for an invalid API token', async () => {
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, apiToken: '00thisTokenWasRevokedLongAgo1d7' });
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([{ dataSet: 'auth', code: 'E0000011', message: expect.stringMatching(/Invalid token provided.*create a new one/) }]);
    expect(run.counts).toEqual([]);
  });

  it('fails the run with invalid_client when the key is not the registered one', async () => {
    const other = await serviceApp(FULL_APP, { requireDpop: true, grantedScopes: [] });
    const run = await runSync(h, appInput({ ...other, keyId: full.keyId }, FULL_APP));
    expect(run.status).toBe('FAILED');
    expect(run.errors[0]).toMatchObject({ dataSet: 'auth', code: 'invalid_client' });
    expect(run.errors[0]?.message).not.toMatch(/PRIVATE KEY/);
  });

  it('uses a plain Bearer token when the app does not require DPoP', async () => {
    const run = await runSync(h, appInput(bearer, BEARER_APP), { ...ALL, syncGroups: false, syncRoles: false, syncApps: false, syncLogs: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(h.sim.requests('/oauth2/v1/token').map((r) => r.status)).toEqual([200]);
  });

  it('gets a new token once when Okta answers 401 to a revoked one', async () => {
    const s = stored(h.connector.validate(appInput(full, FULL_APP)));
    const options = { ...ALL, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false };
    const run = await h.runner.start('OKTA', { ...options }, async () => h.connector.session(s.stored, s.credentials, options), FULL);
    // Revoke once the first token has been used.
    for (let i = 0; i < 200 && !h.sim.requests('/api/v1/users').some((r) => r.status === 200); i += 1) await new Promise((r) => setTimeout(r, 5));
    h.sim.faults.revokeToken();
    await h.runner.settle();
    const done = await h.runs.get(run.id);
    expect(done?.status).toBe('SUCCEEDED');
    expect(h.sim.requests('/oauth2/v1/token').filter((r) => r.status === 200).length).toBe(2);
    // Every request in flight when the token died got a 401 and one retry.
    expect(h.sim.requests('/api/v1/').filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });
});

describe('missing permissions', () => {
  it('marks only the data set an API token cannot read (E0000006) and keeps its old data', async () => {
    const first = await runSync(h, token());
    expect(first.status).toBe('SUCCEEDED');
    const run = await runSync(h, { orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_NO_LOGS_API_TOKEN });
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([{ dataSet: 'logs', code: 'E0000006', message: expect.stringMatching(/\/api\/v1\/logs.*Read-only Administrator/) }]);
    expect(countOf(run, 'users')).toBe(13);
    expect(await count(`MATCH (e:SecurityEvent {integration: 'okta'}) RETURN count(e) AS n`)).toBe(6);
  });

  it('marks the data set whose scope the service app was not granted (insufficient_scope)', async () => {
    const run = await runSync(h, appInput(partial, PARTIAL_APP));
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([{ dataSet: 'policies', code: 'insufficient_scope', message: expect.stringMatching(/okta\.policies\.read.*Okta API Scopes/) }]);
    expect(run.counts.filter((c) => c.dataSet !== 'policies').map((c) => c.count)).toEqual([13, 5, 4, 9, 6]);
    // The whole-scope request is refused, each scope is tried alone, then the granted ones are asked for.
    const tokens = h.sim.requests('/oauth2/v1/token').filter((r) => r.status === 200);
    expect(tokens.length).toBe(EXAMPLE_ORG_SCOPES.length - 1 + 1);
  });
});

describe('rate limits and server errors', () => {
  it("waits out a 429 until Okta's reset, shows the wait, and succeeds (with a fresh DPoP proof)", async () => {
    h.sim.faults.rateLimit({ path: '/api/v1/groups', times: 1, resetSeconds: 3 });
    const s = stored(h.connector.validate(appInput(full, FULL_APP)));
    const options = { ...ALL, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false };
    const started = Date.now();
    const run = await h.runner.start('OKTA', { ...options }, async () => h.connector.session(s.stored, s.credentials, options), FULL);
    const seen = new Set<string>();
    while (h.runner.current('okta')) {
      const p = h.runner.current('okta')?.progress;
      if (p) seen.add(p);
      await new Promise((r) => setTimeout(r, 20));
    }
    await h.runner.settle();
    const done = await h.runs.get(run.id);
    expect(done?.status).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect([...seen].some((p) => /waiting \d+ s for Okta's rate limit on \/api\/v1\/groups \(HTTP 429 E0000047/.test(p))).toBe(true);
    expect(done?.warnings).toEqual([{ dataSet: 'groups', code: 'E0000047', message: expect.stringMatching(/waited 1 time/) }]);
    const groupCalls = h.sim.requests('/api/v1/groups').filter((r) => r.path === '/api/v1/groups');
    // HttpClient resends the same headers; if Okta refuses the replayed proof, one retry with a new proof follows.
    expect(groupCalls.map((r) => r.status)).toEqual(expect.arrayContaining([429, 200]));
    expect(groupCalls.at(-1)?.status).toBe(200);
    expect((groupCalls[1]?.at ?? 0) - (groupCalls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2500);
  });

  it('paces a bucket that is about to run dry instead of hitting 429', async () => {
    h.sim.setRateLimits({ apps: { limit: 12, windowSeconds: 1 } });
    const run = await runSync(h, token(), { ...ALL, syncUsers: false, syncGroups: false, syncRoles: false, syncLogs: false, syncPolicies: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(h.sim.requests('/api/v1/apps').filter((r) => r.status === 429)).toEqual([]);
    expect(run.warnings[0]).toMatchObject({ dataSet: 'apps', code: 'E0000047' });
  });

  it('retries 5xx answers', async () => {
    h.sim.faults.status({ path: '/api/v1/apps', status: 503, times: 2 });
    h.sim.faults.status({ path: /^\/api\/v1\/users\/[^/]+\/factors$/, status: 502, times: 1, afterRequests: 3 });
    const run = await runSync(h, token(), { ...ALL, syncGroups: false, syncRoles: false, syncLogs: false, syncPolicies: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(countOf(run, 'apps')).toBe(9);
    expect(countOf(run, 'users')).toBe(13);
    expect(h.sim.requests('/api/v1/apps').slice(0, 3).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("fails the data set with Okta's code when 5xx persists", async () => {
    h.sim.faults.status({ path: '/api/v1/policies', status: 500, errorCode: 'E0000009' });
    const run = await runSync(h, token(), { ...ALL, syncUsers: false, syncGroups: false, syncRoles: false, syncApps: false, syncLogs: false });
    expect(run.status).toBe('FAILED');
    expect(run.errors[0]).toMatchObject({ dataSet: 'policies', code: 'E0000009' });
  });
});

describe('objects that change during a sync', () => {
  it('skips a user deleted between the listing and the factors call', async () => {
    // After the token probe and the first users page, Noah disappears: his factors call answers 404.
    h.sim.faults.deleteUser(EXAMPLE_USER_IDS.noah, 2);
    const run = await runSync(h, token(), { ...ALL, syncGroups: false, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.warnings).toEqual([{ dataSet: 'users', code: 'E0000007', message: `user ${EXAMPLE_USER_IDS.noah} was deleted during the sync; skipped` }]);
    expect(countOf(run, 'users')).toBe(12);
    expect(await count(`MATCH (u:OktaUser {externalId: '${EXAMPLE_USER_IDS.noah}'}) RETURN count(u) AS n`)).toBe(0);
  });

  it('fails a data set on a malformed page and keeps its previous data', async () => {
    const good = await runSync(h, token(), { ...ALL, syncUsers: false, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false });
    expect(good.status).toBe('SUCCEEDED');
    const before = await count(`MATCH ()-[r:MEMBER_OF {integration: 'okta'}]->() RETURN count(r) AS n`);
    h.sim.faults.malformed({ path: /^\/api\/v1\/groups\/[^/]+\/users$/, times: 1, afterRequests: 2 });
    const run = await runSync(h, token(), { ...ALL, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false });
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([{ dataSet: 'groups', code: 'UPSTREAM_BAD_RESPONSE', message: expect.stringMatching(/not JSON/) }]);
    expect(await count(`MATCH ()-[r:MEMBER_OF {integration: 'okta'}]->() RETURN count(r) AS n`)).toBe(before);

    h.sim.faults.malformed({ path: '/api/v1/apps', times: 1, body: '{"not":"a list"}' });
    const apps = await runSync(h, token(), { ...ALL, syncUsers: false, syncGroups: false, syncRoles: false, syncLogs: false, syncPolicies: false });
    expect(apps.errors).toEqual([{ dataSet: 'apps', code: 'UPSTREAM_BAD_RESPONSE', message: expect.stringMatching(/page 1 of \/api\/v1\/apps is not a list/) }]);
  });
});

describe('testConnection', () => {
  const testWith = async (input: Parameters<OktaHarness['connector']['validate']>[0]) => {
    const s = stored(h.connector.validate(input));
    return h.connector.testConnection(s.stored, s.credentials);
  };

  it('passes every check with full access, for both credential kinds', async () => {
    for (const input of [token(), appInput(full, FULL_APP)]) {
      const result = await testWith(input);
      expect(result.ok).toBe(true);
      expect(result.checks.map((c) => [c.name, c.ok, c.permission])).toEqual([
        ['users', true, 'okta.users.read'],
        ['factors', true, 'okta.users.read'],
        ['groups', true, 'okta.groups.read'],
        ['roles', true, 'okta.roles.read'],
        ['apps', true, 'okta.apps.read'],
        ['logs', true, 'okta.logs.read'],
        ['policies', true, 'okta.policies.read'],
      ]);
    }
  });

  it('names the check that fails and what to do, for partial access', async () => {
    const noLogs = await testWith({ orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_NO_LOGS_API_TOKEN });
    expect(noLogs.ok).toBe(false);
    expect(noLogs.checks.filter((c) => !c.ok)).toEqual([
      { name: 'logs', ok: false, permission: 'okta.logs.read', detail: expect.stringMatching(/^E0000006: .*Read-only Administrator/) },
    ]);
    expect(noLogs.message).toMatch(/1 of 7 checks failed: logs \(E0000006\)/);

    const noPolicies = await testWith(appInput(partial, PARTIAL_APP));
    expect(noPolicies.checks.filter((c) => !c.ok)).toEqual([
      { name: 'policies', ok: false, permission: 'okta.policies.read', detail: expect.stringMatching(/^insufficient_scope: .*Grant okta\.policies\.read/) },
    ]);
    expect(noPolicies.message).toMatch(/Scopes not granted to the service app: okta\.policies\.read/);
  });

  it('reports a bad credential on every check', async () => {
    const bad = await testWith({ orgUrl: h.sim.orgUrl, apiToken: '00thisTokenWasRevokedLongAgo1d7' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/E0000011/);
    expect(bad.checks.every((c) => !c.ok && c.detail?.startsWith('E0000011'))).toBe(true);

    const other = await serviceApp(FULL_APP, { requireDpop: true, grantedScopes: [] });
    const badKey = await testWith(appInput({ ...other, keyId: full.keyId }, FULL_APP));
    expect(badKey.ok).toBe(false);
    expect(badKey.message).toMatch(/invalid_client/);
    expect(badKey.checks).toHaveLength(7);
  });
});
