/**
 * Several API replicas on one Neo4j (issue 11), as real processes (`tsx src/main.ts`) against the Okta
 * simulator over HTTPS: two replicas started together on an empty Neo4j both come up (their migrations
 * race); two replicas asked to sync at the same moment run one sync; a replica killed with SIGKILL
 * mid-sync is taken over: the other reports its run FAILED and starts a new one once the lease lapses.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ORG_API_TOKEN, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import { testGraph } from '../support/neo4j.js';
import { killReplicas, ready, replicaClient, spawnReplica as spawnWith, until, type Replica } from '../support/replicas.js';
import type { Graph } from '../../src/neo4j/driver.js';

const ADMIN = 'replica-admin-key-0123456789abcdef';
const LEASE_SECONDS = 3;

interface Run {
  id: string;
  status: string;
  progress: string | null;
  errors: Array<{ dataSet: string; code: string | null }>;
}

let sim: OktaSimulator;
let graph: Graph;
let env: Record<string, string>;
const replicas: Replica[] = [];
const gql = replicaClient(ADMIN);

async function spawnReplica(): Promise<Replica> {
  const replica = await spawnWith(env);
  replicas.push(replica);
  return replica;
}

const RUN = 'id status progress errors { dataSet code }';
const sync = async (r: Replica, allowLargeDeletes = false): Promise<Run> =>
  (await gql<{ oktaSync: Run }>(r, `mutation($allow: Boolean!) { oktaSync(syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false, full: true, allowLargeDeletes: $allow) { ${RUN} } }`, { allow: allowLargeDeletes })).oktaSync;
const runOf = async (r: Replica, id: string): Promise<Run | null> => (await gql<{ syncRun: Run | null }>(r, `query($id: ID!) { syncRun(id: $id) { ${RUN} } }`, { id })).syncRun;

beforeAll(async () => {
  sim = await startOktaSimulator({ org: exampleOrg() });
  graph = await testGraph();
  const dir = mkdtempSync(path.join(tmpdir(), 'twin-replicas-'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, sim.caCertPem);
  env = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    TWIN_API_KEYS: `ops:admin:${ADMIN}`,
    TWIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TWIN_TLS_CA_FILE: caFile,
    TWIN_SYNC_LEASE_SECONDS: String(LEASE_SECONDS),
  };
});

afterAll(async () => {
  await killReplicas(replicas);
  await sim?.close();
  await graph?.close();
});

describe('replicas on one Neo4j', () => {
  let a: Replica;
  let b: Replica;

  it('both come up when started together on an empty Neo4j (their migrations race)', async () => {
    // An empty Neo4j: no constraints, no indexes (the tests' next testGraph() creates them again).
    for (const { name } of await graph.read<{ name: string }>('SHOW CONSTRAINTS YIELD name RETURN name')) await graph.write(`DROP CONSTRAINT \`${name}\``);
    for (const { name } of await graph.read<{ name: string }>("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")) await graph.write(`DROP INDEX \`${name}\``);
    [a, b] = await Promise.all([spawnReplica(), spawnReplica()]);
    await Promise.all([ready(a), ready(b)]);
    const [row] = await graph.read<{ n: number }>("SHOW CONSTRAINTS YIELD name WHERE name = 'syncrun_id' RETURN count(*) AS n");
    expect(row?.n).toBe(1);
  }, 180_000);

  it('runs one sync when both are asked at the same moment', async () => {
    await gql(a, 'mutation($input: OktaConfigInput!) { configureOkta(input: $input) { configured } }', { input: { orgUrl: sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN } });
    const [x, y] = await Promise.all([sync(a), sync(b)]);
    expect(y.id).toBe(x.id);
    const done = await until('the run to end', () => runOf(b, x.id), (r) => r?.status !== 'RUNNING');
    expect(done?.status).toBe('SUCCEEDED');
    const [row] = await graph.read<{ n: number }>("MATCH (r:SyncRun {integration: 'okta'}) RETURN count(r) AS n");
    expect(row?.n).toBe(1);
  }, 120_000);

  it('cancelSync on one replica stops the run another replica holds (through its lease)', async () => {
    sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const run = await sync(a);
    await until('the run to wait on groups', () => runOf(a, run.id), (r) => /rate limit/.test(r?.progress ?? ''));
    const asked = (await gql<{ cancelSync: Run }>(b, `mutation($id: ID!) { cancelSync(id: $id) { ${RUN} } }`, { id: run.id })).cancelSync;
    expect(asked.id).toBe(run.id);
    const done = await until('the run to stop', () => runOf(b, run.id), (r) => r?.status !== 'RUNNING', 30_000);
    expect(done?.status).toBe('CANCELLED');
    expect(done?.errors).toEqual([{ dataSet: 'groups', code: 'CANCELLED' }]);
    const history = (await gql<{ syncRuns: Run[] }>(b, `{ syncRuns(source: OKTA, first: 5) { ${RUN} } }`)).syncRuns;
    expect(history.map((r) => r.status)).toEqual(['CANCELLED', 'SUCCEEDED']);
    sim.reset();
  }, 60_000);

  it('takes over from a replica killed with SIGKILL mid-sync: its run is reported FAILED and a new one starts', async () => {
    // The groups listing waits a minute for Okta's rate limit: the run is mid-sync when its replica dies.
    sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const run = await sync(a);
    await until('the run to wait on groups', () => runOf(a, run.id), (r) => /rate limit/.test(r?.progress ?? ''));
    expect((await sync(b)).id).toBe(run.id);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();

    const failed = await until('the other replica to report the run FAILED', () => runOf(b, run.id), (r) => r?.status === 'FAILED');
    expect(failed?.errors.at(-1)?.code).toBe('INTERRUPTED');
    expect(Date.now() - killedAt).toBeLessThan(60_000);

    sim.reset();
    const next = await sync(b);
    expect(next.id).not.toBe(run.id);
    expect((await until('the new run to end', () => runOf(b, next.id), (r) => r?.status !== 'RUNNING'))?.status).toBe('SUCCEEDED');
    // The dead replica's run was written down as FAILED when the lease was taken over.
    const [row] = await graph.read<{ status: string }>('MATCH (r:SyncRun {id: $id}) RETURN r.status AS status', { id: run.id });
    expect(row?.status).toBe('FAILED');
  }, 180_000);

  it('a scoped token keeps the twin whole (PARTIAL, LISTING_SHRANK) until oktaSync(allowLargeDeletes: true)', async () => {
    const accounts = async (): Promise<number> => (await graph.read<{ n: number }>("MATCH (a:OktaUser {integration: 'okta'}) RETURN count(a) AS n"))[0]?.n ?? -1;
    expect(await accounts()).toBe(13);
    const org = exampleOrg();
    sim.setOrg({ ...org, users: org.users.slice(0, 2), groups: [] });
    const narrowed = await sync(b);
    const shrunk = await until('the run to end', () => runOf(b, narrowed.id), (r) => r?.status !== 'RUNNING');
    expect(shrunk?.status).toBe('PARTIAL');
    expect(shrunk?.errors.map((e) => e.code)).toContain('LISTING_SHRANK');
    expect(await accounts()).toBe(13);
    const accepted = await sync(b, true);
    expect((await until('the run to end', () => runOf(b, accepted.id), (r) => r?.status !== 'RUNNING'))?.status).toBe('SUCCEEDED');
    expect(await accounts()).toBe(2);
    sim.setOrg(exampleOrg());
  }, 60_000);

  it('SIGTERM cancels a running sync at a page boundary and exits', async () => {
    sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const run = await sync(b);
    await until('the run to wait on groups', () => runOf(b, run.id), (r) => /rate limit/.test(r?.progress ?? ''));
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    const [row] = await graph.read<{ status: string }>('MATCH (r:SyncRun {id: $id}) RETURN r.status AS status', { id: run.id });
    expect(row?.status).toBe('CANCELLED');
  }, 60_000);
});
