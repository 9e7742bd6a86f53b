/**
 * What keeps a sync from losing data or running twice (issue 11), against the Okta simulator over HTTPS
 * and the real Neo4j: a double-click and two runners on one Neo4j run one sync; a narrowed listing keeps
 * the twin whole (LISTING_SHRANK) until allowLargeDeletes; cancelSync stops at a page boundary and keeps
 * the old data; a Neo4j blip while saving progress or finishing never leaves the run RUNNING.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ORG_API_TOKEN, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import { createLogger } from '../../src/log.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { MAX_WARNINGS, SyncRunner } from '../../src/ingest/runner.js';
import type { ConnectorSession } from '../../src/ingest/data-set.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import type { OktaSyncOptions } from '../../src/ingest/connector.js';
import { ALL, countOf, startHarness, stored, type OktaHarness } from '../support/okta-harness.js';
import { wipe } from '../support/neo4j.js';

const USERS_ONLY: OktaSyncOptions = { ...ALL, syncGroups: false, syncRoles: false, syncApps: false, syncLogs: false, syncPolicies: false };
const USERS_AND_GROUPS: OktaSyncOptions = { ...USERS_ONLY, syncGroups: true };

let h: OktaHarness;

function open(options: OktaSyncOptions = ALL) {
  const s = stored(h.connector.validate({ orgUrl: h.sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN }));
  return async () => h.connector.session(s.stored, s.credentials, options);
}

// These are about whole reads (the shrink guard, cleanup): the Okta change feed has its own tests.
async function sync(runner: SyncRunner, options: OktaSyncOptions, allowLargeDeletes = false): Promise<SyncRunRecord> {
  const run = await runner.start('OKTA', { ...options }, open(options), { allowLargeDeletes, full: true });
  await runner.settle();
  const done = await h.runs.get(run.id);
  if (!done) throw new Error(`run ${run.id} was not saved`);
  return done;
}

async function count(cypher: string): Promise<number> {
  const [row] = await h.graph.read<{ n: number }>(cypher);
  return row?.n ?? -1;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const OKTA_ACCOUNTS = "MATCH (a:OktaUser {integration: 'okta'}) RETURN count(a) AS n";
const OKTA_MEMBERSHIPS = "MATCH (:OktaUser)-[r:MEMBER_OF {integration: 'okta'}]->() RETURN count(r) AS n";

beforeAll(async () => {
  h = await startHarness(exampleOrg());
});

beforeEach(async () => {
  h.sim.setOrg(exampleOrg());
  h.sim.reset();
  await wipe(h.graph);
});

afterAll(async () => {
  await h?.close();
});

describe('one sync at a time', () => {
  it('runs one sync for a double-click', async () => {
    const [a, b] = await Promise.all([h.runner.start('OKTA', { ...USERS_ONLY }, open(USERS_ONLY)), h.runner.start('OKTA', { ...USERS_ONLY }, open(USERS_ONLY))]);
    expect(b.id).toBe(a.id);
    await h.runner.settle();
    expect(await count("MATCH (r:SyncRun {integration: 'okta'}) RETURN count(r) AS n")).toBe(1);
    expect((await h.runs.get(a.id))?.status).toBe('SUCCEEDED');
  });

  it('runs one sync when two runners (two replicas) on one Neo4j start at the same moment, and the lease is free afterwards', async () => {
    const other = new SyncRunner(h.graph, new RunStore(h.graph), createLogger('silent'));
    try {
      const [a, b] = await Promise.all([h.runner.start('OKTA', { ...USERS_ONLY }, open(USERS_ONLY)), other.start('OKTA', { ...USERS_ONLY }, open(USERS_ONLY))]);
      expect(b.id).toBe(a.id);
      await Promise.all([h.runner.settle(), other.settle()]);
      expect(await count("MATCH (r:SyncRun {integration: 'okta'}) RETURN count(r) AS n")).toBe(1);
      expect((await h.runs.get(a.id))?.status).toBe('SUCCEEDED');
      // The slot was freed: the other replica can sync now.
      const next = await sync(other, USERS_ONLY);
      expect(next.id).not.toBe(a.id);
      expect(next.status).toBe('SUCCEEDED');
    } finally {
      await other.close();
    }
  });

  it('lists runs newest first (syncRuns) with mode FULL', async () => {
    const first = await sync(h.runner, USERS_ONLY);
    const second = await sync(h.runner, USERS_ONLY);
    const runs = await h.runner.list('okta', 10);
    expect(runs.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(runs.every((r) => r.mode === 'FULL')).toBe(true);
    expect(await h.runner.list('entra', 10)).toEqual([]);
    expect((await h.runner.list(null, 1)).map((r) => r.id)).toEqual([second.id]);
  });
});

describe('the shrink guard', () => {
  it('keeps the twin whole when the listing shrinks by half (a scoped token), PARTIAL with LISTING_SHRANK; allowLargeDeletes accepts it', async () => {
    const full = await sync(h.runner, USERS_ONLY);
    expect(full.status).toBe('SUCCEEDED');
    expect(countOf(full, 'users')).toBe(13);
    expect(await count(OKTA_ACCOUNTS)).toBe(13);

    // The token now reaches 3 users of 13.
    const org = exampleOrg();
    h.sim.setOrg({ ...org, users: org.users.slice(0, 3) });
    const narrowed = await sync(h.runner, USERS_ONLY);
    expect(narrowed.status).toBe('PARTIAL');
    expect(narrowed.errors).toEqual([
      { dataSet: 'users', code: 'LISTING_SHRANK', message: expect.stringMatching(/users: the listing has 3 objects, fewer than half of the 13 of the last complete sync.*allowLargeDeletes/) },
    ]);
    expect(await count(OKTA_ACCOUNTS)).toBe(13);

    // Still compared with the last complete sync (13), not with the held-back one.
    expect((await sync(h.runner, USERS_ONLY)).errors[0]?.code).toBe('LISTING_SHRANK');

    const accepted = await sync(h.runner, USERS_ONLY, true);
    expect(accepted.status).toBe('SUCCEEDED');
    expect(await count(OKTA_ACCOUNTS)).toBe(3);
  });
});

describe('cancelSync', () => {
  it('stops a running sync at a page boundary: CANCELLED, finished data sets cleaned up, the others keep their old data', async () => {
    const before = await sync(h.runner, USERS_AND_GROUPS);
    expect(before.status).toBe('SUCCEEDED');
    const memberships = await count(OKTA_MEMBERSHIPS);
    expect(memberships).toBeGreaterThan(0);

    // Groups wait a long time for Okta's rate limit: the run is mid-listing when it is cancelled.
    h.sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const run = await h.runner.start('OKTA', { ...USERS_AND_GROUPS }, open(USERS_AND_GROUPS), { full: true });
    await until('the groups listing to wait', () => /rate limit/.test(h.runner.current('okta')?.progress ?? ''));
    const started = Date.now();
    const cancelled = await h.runner.cancel(run.id);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(cancelled?.status).toBe('CANCELLED');
    const stored = await h.runs.get(run.id);
    expect(stored?.status).toBe('CANCELLED');
    expect(stored?.errors).toEqual([{ dataSet: 'groups', code: 'CANCELLED', message: expect.stringMatching(/cancelSync/) }]);
    expect(countOf(stored as SyncRunRecord, 'users')).toBe(13);
    expect(await count(OKTA_MEMBERSHIPS)).toBe(memberships);
    expect(await count(OKTA_ACCOUNTS)).toBe(13);
    // A finished run is returned as it is.
    expect((await h.runner.cancel(run.id))?.status).toBe('CANCELLED');
  });

  it('shutdown (runner.close) cancels at a page boundary too', async () => {
    const runner = new SyncRunner(h.graph, new RunStore(h.graph), createLogger('silent'));
    h.sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const run = await runner.start('OKTA', { ...USERS_AND_GROUPS }, open(USERS_AND_GROUPS));
    await until('the groups listing to wait', () => /rate limit/.test(runner.current('okta')?.progress ?? ''));
    await runner.close();
    const stopped = await h.runs.get(run.id);
    expect(stopped?.status).toBe('CANCELLED');
    expect(stopped?.errors).toEqual([{ dataSet: 'groups', code: 'CANCELLED', message: expect.stringMatching(/shut down/) }]);
    // Its lease was freed: another runner syncs at once.
    h.sim.reset();
    expect((await sync(h.runner, USERS_ONLY)).status).toBe('SUCCEEDED');
  });
});

describe('deadlines and history', () => {
  it('a run past its deadline (TWIN_SYNC_DEADLINE_MINUTES) ends: its unfinished data set keeps its data, RUN_DEADLINE', async () => {
    const before = await sync(h.runner, USERS_AND_GROUPS);
    const memberships = await count(OKTA_MEMBERSHIPS);
    expect(before.status).toBe('SUCCEEDED');
    h.sim.faults.rateLimit({ path: '/api/v1/groups', resetSeconds: 60 });
    const runner = new SyncRunner(h.graph, new RunStore(h.graph), createLogger('silent'), [], { deadlineMs: 1_500 });
    try {
      const started = Date.now();
      const run = await sync(runner, USERS_AND_GROUPS);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(run.status).toBe('PARTIAL');
      expect(run.errors).toEqual([{ dataSet: 'groups', code: 'RUN_DEADLINE', message: expect.stringMatching(/deadline/) }]);
      expect(await count(OKTA_MEMBERSHIPS)).toBe(memberships);
    } finally {
      await runner.close();
    }
  });

  it(`keeps ${MAX_WARNINGS} warnings and one entry saying how many more there were`, async () => {
    const session: ConnectorSession = {
      authenticate: async () => undefined,
      dataSets: () => [{
        name: 'noisy',
        incremental: false,
        cleanup: [],
        run: async (ctx) => {
          for (let i = 0; i < MAX_WARNINGS + 42; i += 1) ctx.warn('W1', `warning ${i}`);
        },
      }],
      close: async () => undefined,
    };
    const run = await h.runner.start('OKTA', {}, async () => session);
    await h.runner.settle();
    const done = await h.runs.get(run.id);
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(done?.warnings.at(-1)).toEqual({ dataSet: 'run', code: 'WARNINGS_TRUNCATED', message: 'and 42 more warning(s) not kept' });
  });

  it('keeps the last 200 runs of an integration when a run finishes', async () => {
    const base = { integration: 'okta', source: 'OKTA', mode: 'FULL', status: 'SUCCEEDED', options: '{}', counts: '[]', errors: '[]', warnings: '[]' };
    const old = Array.from({ length: 205 }, (_, i) => ({ ...base, id: `old-${i}`, startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    await h.graph.write('UNWIND $old AS o CREATE (r:SyncRun) SET r = o', { old });
    await h.graph.write("CREATE (:SyncRun {id: 'entra-old', integration: 'entra', source: 'ENTRA_ID', status: 'SUCCEEDED', startedAt: '2025-01-01T00:00:00.000Z', options: '{}', counts: '[]', errors: '[]'})");
    const run = await sync(h.runner, USERS_ONLY);
    const ids = (await h.runner.list('okta', 500)).map((r) => r.id);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe(run.id);
    expect(ids).not.toContain('old-5');
    expect(ids).toContain('old-6');
    expect((await h.runner.list('entra', 10)).map((r) => r.id)).toEqual(['entra-old']);
  });
});

/** A RunStore whose Neo4j "blips": the chosen calls fail. */
class FlakyRunStore extends RunStore {
  saves = 0;
  finishes = 0;
  constructor(
    graph: ConstructorParameters<typeof RunStore>[0],
    private readonly failSave: (n: number) => boolean,
    private readonly failFinish: (n: number) => boolean,
  ) {
    super(graph);
  }
  override async save(run: SyncRunRecord): Promise<void> {
    this.saves += 1;
    if (this.failSave(this.saves)) throw new Error('Neo4j blip (test)');
    await super.save(run);
  }
  override async finish(run: SyncRunRecord): Promise<void> {
    this.finishes += 1;
    if (this.failFinish(this.finishes)) throw new Error('Neo4j blip (test)');
    await super.finish(run);
  }
}

describe('Neo4j faults during a run', () => {
  it('a failed progress save skips no data set and does not leave the run RUNNING', async () => {
    const runs = new FlakyRunStore(h.graph, (n) => n >= 2 && n <= 6, () => false);
    const runner = new SyncRunner(h.graph, runs, createLogger('silent'));
    try {
      const run = await sync(runner, USERS_AND_GROUPS);
      expect(runs.saves).toBeGreaterThan(2);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.counts.map((c) => c.dataSet)).toEqual(['users', 'groups']);
    } finally {
      await runner.close();
    }
  });

  it('recording the end is retried until Neo4j answers', async () => {
    const runs = new FlakyRunStore(h.graph, () => false, (n) => n <= 2);
    const runner = new SyncRunner(h.graph, runs, createLogger('silent'));
    try {
      const run = await sync(runner, USERS_ONLY);
      expect(runs.finishes).toBe(3);
      expect(run.status).toBe('SUCCEEDED');
    } finally {
      await runner.close();
    }
  });

  it('a run whose end could never be recorded is reported FAILED once its lease lapses, and the slot is free again', async () => {
    const runs = new FlakyRunStore(h.graph, () => false, () => true);
    const runner = new SyncRunner(h.graph, runs, createLogger('silent'), [], { leaseMs: 1_000, heartbeatMs: 200 });
    const run = await runner.start('OKTA', { ...USERS_ONLY }, open(USERS_ONLY));
    await runner.settle();
    await runner.close();
    await until('the lease to lapse', async () => (await h.runs.get(run.id))?.status === 'FAILED', 10_000);
    expect((await h.runs.get(run.id))?.errors.at(-1)?.code).toBe('INTERRUPTED');
    const next = await sync(h.runner, USERS_ONLY);
    expect(next.id).not.toBe(run.id);
    expect(next.status).toBe('SUCCEEDED');
  }, 60_000);
});
