/**
 * A sync schedule with two API replicas (two `tsx src/main.ts` processes) on one Neo4j, against the Okta
 * simulator: both tick every second, the schedule is due every 5 schedule minutes (5 s here: the
 * test-only TWIN_SCHEDULE_MINUTE_MS=1000), and each due run is claimed by one replica and runs once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ORG_API_TOKEN, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph } from '../support/neo4j.js';
import { killReplicas, ready, replicaClient, spawnReplica, until, type Replica } from '../support/replicas.js';

const ADMIN = 'schedule-admin-key-0123456789abcdef';
const MINUTE_MS = 1_000;
const EVERY_MINUTES = 5;
/** The message the scheduler logs for each claim it won. */
const CLAIMED = 'scheduled sync started (or joined the running one)';

let sim: OktaSimulator;
let graph: Graph;
let replicas: Replica[] = [];
const gql = replicaClient(ADMIN);

interface Run {
  id: string;
  status: string;
  mode: string;
  startedAt: string;
}

interface Claim {
  time: number;
  runId: string;
  full: boolean;
  replica: number;
}

/** The claims each replica logged (pino's JSON lines on stdout). */
function claims(): Claim[] {
  return replicas
    .flatMap((r, replica) => r.stdout().split('\n').filter((l) => l.includes(CLAIMED)).map((l) => ({ ...(JSON.parse(l) as Omit<Claim, 'replica'>), replica })))
    .sort((x, y) => x.time - y.time);
}

const runs = async (r: Replica): Promise<Run[]> => (await gql<{ syncRuns: Run[] }>(r, '{ syncRuns(source: OKTA, first: 50) { id status mode startedAt } }')).syncRuns;

beforeAll(async () => {
  sim = await startOktaSimulator({ org: exampleOrg() });
  graph = await testGraph();
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'twin-schedule-')), 'ca.pem');
  writeFileSync(caFile, sim.caCertPem);
  const env = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    TWIN_API_KEYS: `ops:admin:${ADMIN}`,
    TWIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TWIN_TLS_CA_FILE: caFile,
    TWIN_SCHEDULER_TICK_SECONDS: '1',
    TWIN_SCHEDULE_MINUTE_MS: String(MINUTE_MS),
  };
  replicas = await Promise.all([spawnReplica(env), spawnReplica(env)]);
  await Promise.all(replicas.map((r) => ready(r)));
}, 180_000);

afterAll(async () => {
  await killReplicas(replicas);
  await sim?.close();
  await graph?.close();
});

describe('a schedule on two replicas', () => {
  it('runs each due run once, on one replica', async () => {
    const [a, b] = replicas as [Replica, Replica];
    await gql(a, 'mutation($input: OktaConfigInput!) { configureOkta(input: $input) { configured } }', { input: { orgUrl: sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN } });
    await gql(b, 'mutation { setSyncSchedule(source: OKTA, everyMinutes: 5) { schedule { everyMinutes } } }');

    await until('three scheduled runs', () => runs(a), (r) => r.length >= 3, 90_000);
    await gql(a, 'mutation { setSyncSchedule(source: OKTA, everyMinutes: null) { schedule { everyMinutes } } }');
    const ended = await until('the runs to end', () => runs(b), (r) => r.every((x) => x.status !== 'RUNNING' && x.status !== 'QUEUED'), 60_000);
    // Both replicas list the same runs.
    expect((await runs(a)).map((r) => r.id)).toEqual(ended.map((r) => r.id));
    expect(ended.every((r) => r.status === 'SUCCEEDED')).toBe(true);

    const won = claims();
    // Every run was started by a claim. (A claim that finds the previous run still going joins it: the
    // sync lease keeps one run per integration, so there may be more claims than runs, never fewer.)
    expect(new Set(won.map((c) => c.runId))).toEqual(new Set(ended.map((r) => r.id)));
    // Claims come one interval apart (5 s, less at most a tenth for jitter): a due run claimed twice would
    // show two claims within a tick of each other.
    const gaps = won.slice(1).map((c, i) => c.time - won[i]!.time);
    for (const gap of gaps) expect(gap).toBeGreaterThan(EVERY_MINUTES * MINUTE_MS * 0.9 - 500);
    // No FULL run had succeeded before the first: it asked for FULL.
    expect(won[0]?.full).toBe(true);
    console.info(`scheduled runs claimed by replica: ${won.map((c) => c.replica).join(', ')}; gaps ${gaps.join(', ')} ms`);
  }, 180_000);
});
