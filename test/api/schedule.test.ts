/**
 * Sync schedules (issue 11 item 3) on the real Neo4j: setSyncSchedule sets, shows, changes, validates and
 * clears a schedule (admin-only, audited); scheduled runs start from a replica's scheduler and show up in
 * syncRuns, never from a replica with TWIN_SCHEDULER=off; of many schedulers ticking at the same moment
 * one claims each due run; a run is FULL when no FULL run succeeded recently enough; a run that cannot
 * start is a warning. Schedule minutes last 200 ms here (TWIN_SCHEDULE_MINUTE_MS, tests only).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { buildSchema, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ORG_API_TOKEN, exampleOrg } from '../../dev/simulators/okta/example-org.js';
import { startOktaSimulator, type OktaSimulator } from '../../dev/simulators/okta/server.js';
import { printTwinSchema } from '../../src/api/schema.js';
import { loadConfig } from '../../src/config.js';
import { TwinError } from '../../src/errors.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { ScheduleStore } from '../../src/integrations/schedule-store.js';
import { SCHEDULED_SYNC_OPTIONS, Scheduler, type SyncStarter } from '../../src/integrations/scheduler.js';
import { createLogger } from '../../src/log.js';
import type { Source } from '../../src/model/vocabulary.js';
import { createGraph, type Graph } from '../../src/neo4j/driver.js';
import { ConfigureOktaDocument, SchedulesDocument, SetSyncScheduleDocument, SyncRunHistoryDocument } from '../generated/operations.js';
import { ANALYST_KEY, startTestApp, waitForRun, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';
import { logSink } from '../support/log-sink.js';

const MINUTE_MS = 200;
// Replicas share the encryption key (as in production), so one opens the credentials another stored.
const FAST = { TWIN_SCHEDULER_TICK_SECONDS: '1', TWIN_SCHEDULE_MINUTE_MS: String(MINUTE_MS), TWIN_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

let sim: OktaSimulator;
let graph: Graph;
/** The replica the tests talk to: its scheduler is off (TWIN_SCHEDULER=off). */
let t: TestApp;

beforeAll(async () => {
  sim = await startOktaSimulator({ org: exampleOrg() });
  graph = await testGraph();
  t = await startTestApp({ ...FAST, TWIN_SCHEDULER: 'off' }, { extraCaPem: sim.caCertPem });
});

afterAll(async () => {
  await t?.close();
  await sim?.close();
  await graph?.close();
});

async function resetSchedules(): Promise<void> {
  await graph.write('MATCH (n) WHERE n:SyncSchedule OR n:SyncRun OR n:SyncLease DETACH DELETE n');
}

const okta = async (everyMinutes: number | null, fullEveryHours?: number, key?: string) =>
  t.gql(SetSyncScheduleDocument, { source: 'OKTA', everyMinutes, ...(fullEveryHours === undefined ? {} : { fullEveryHours }) }, key);

describe('setSyncSchedule', () => {
  it('refuses to schedule a provider that is not configured (NOT_CONFIGURED); turning a schedule off is always accepted', async () => {
    const refused = await okta(60);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_CONFIGURED');
    const off = await okta(null);
    expect(off.errors).toBeUndefined();
    expect(off.data?.setSyncSchedule.schedule).toBeNull();
  });

  it('checks everyMinutes (5 to 10080) and fullEveryHours (1 to 720): BAD_USER_INPUT naming the argument', async () => {
    const configured = await t.gql(ConfigureOktaDocument, { input: { orgUrl: sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN } });
    expect(configured.errors).toBeUndefined();
    for (const [everyMinutes, fullEveryHours, field] of [[4, 24, 'everyMinutes'], [10_081, 24, 'everyMinutes'], [0, 24, 'everyMinutes'], [60, 0, 'fullEveryHours'], [60, 721, 'fullEveryHours']] as const) {
      const r = await okta(everyMinutes, fullEveryHours);
      expect(r.errors?.[0]?.extensions?.code, `${everyMinutes}/${fullEveryHours}`).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect((await t.gql(SchedulesDocument, {})).data?.oktaStatus.schedule).toBeNull();
    for (const [everyMinutes, fullEveryHours] of [[5, 1], [10_080, 720]] as const) expect((await okta(everyMinutes, fullEveryHours)).errors).toBeUndefined();
    await okta(null);
  });

  it('sets a schedule shown on the status, keeps the planned run when only fullEveryHours changes, replans on a new interval, and clears it', async () => {
    const before = Date.now();
    const set = await okta(10_000);
    expect(set.errors).toBeUndefined();
    const schedule = set.data!.setSyncSchedule.schedule!;
    expect(schedule).toMatchObject({ everyMinutes: 10_000, fullEveryHours: 24 });
    // Due everyMinutes from now, give or take the jitter (a tenth, at most one schedule minute).
    const due = Date.parse(schedule.nextRunAt!) - before;
    expect(due).toBeGreaterThan(10_000 * MINUTE_MS - MINUTE_MS - 2_000);
    expect(due).toBeLessThan(10_000 * MINUTE_MS + MINUTE_MS + 2_000);
    expect((await t.gql(SchedulesDocument, {})).data).toEqual({ entraIdStatus: { schedule: null }, oktaStatus: { schedule } });

    const cadence = (await okta(10_000, 6)).data!.setSyncSchedule.schedule!;
    expect(cadence).toEqual({ ...schedule, fullEveryHours: 6 });
    const replanned = (await okta(5_000, 6)).data!.setSyncSchedule.schedule!;
    expect(Date.parse(replanned.nextRunAt!)).toBeLessThan(Date.parse(schedule.nextRunAt!));

    const off = await okta(null);
    expect(off.data?.setSyncSchedule.schedule).toBeNull();
    expect((await graph.read<{ n: number }>('MATCH (s:SyncSchedule) RETURN count(s) AS n'))[0]?.n).toBe(0);
  });

  it('is an admin mutation: an analyst is refused, and each call leaves an audit record', async () => {
    const refused = await okta(60, 24, ANALYST_KEY);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await okta(60, 12);
    await okta(null);
    await t.gql(SetSyncScheduleDocument, { source: 'ENTRA_ID', everyMinutes: 60 });
    const audit = await t.gql<{ auditEvents: { events: Array<{ keyName: string; role: string; fields: string[]; arguments: string; outcome: string; errorCodes: string[] }> } }, Record<string, never>>(
      '{ auditEvents(first: 3) { events { keyName role fields arguments outcome errorCodes } } }',
    );
    const [unconfigured, cleared, set] = audit.data!.auditEvents.events;
    // A resolver's refusal is recorded with the code the client got.
    expect(unconfigured).toMatchObject({ fields: ['setSyncSchedule'], outcome: 'FAILED', errorCodes: ['NOT_CONFIGURED'] });
    expect(cleared).toMatchObject({ role: 'admin', fields: ['setSyncSchedule'], outcome: 'SUCCEEDED' });
    expect(JSON.parse(cleared!.arguments)).toEqual({ setSyncSchedule: { source: 'OKTA', everyMinutes: null } });
    expect(JSON.parse(set!.arguments)).toEqual({ setSyncSchedule: { source: 'OKTA', everyMinutes: 60, fullEveryHours: 12 } });
    expect(audit.data!.auditEvents.events.some((e) => e.keyName.startsWith('analyst'))).toBe(false);
  });
});

/** Stands in for IntegrationService: records what the scheduler asked for. */
class RecordingSyncs implements SyncStarter {
  readonly calls: Array<{ source: Source; options: object; request: { allowLargeDeletes?: boolean; full?: boolean } }> = [];
  failWith: Error | undefined;

  async sync(source: Source, options: object, request: { allowLargeDeletes?: boolean; full?: boolean }): Promise<SyncRunRecord> {
    this.calls.push({ source, options, request });
    if (this.failWith) throw this.failWith;
    return {
      id: randomUUID(), integration: 'okta', source, status: 'RUNNING', mode: 'FULL', startedAt: new Date().toISOString(), finishedAt: null,
      options: {}, counts: [], errors: [], warnings: [], progress: null,
    };
  }
}

describe('the scheduler', () => {
  const store = (): ScheduleStore => new ScheduleStore(graph);
  const makeDue = async () => graph.write("MATCH (s:SyncSchedule {integration: 'okta'}) SET s.nextRunAt = timestamp() - 1");
  const nextRunAt = async () => (await graph.read<{ at: number }>("MATCH (s:SyncSchedule {integration: 'okta'}) RETURN s.nextRunAt AS at"))[0]?.at;

  beforeEach(async () => {
    await resetSchedules();
  });

  it('of many replicas ticking at the same moment, one claims each due run', async () => {
    // Eight schedulers, each with its own driver as separate replicas would have.
    const graphs = Array.from({ length: 8 }, () => createGraph(loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j));
    const syncs = graphs.map(() => new RecordingSyncs());
    const schedulers = graphs.map((g, i) => new Scheduler(new ScheduleStore(g), syncs[i]!, createLogger('silent'), { tickMs: 60_000, minuteMs: 60_000 }));
    try {
      await store().set('OKTA', 'okta', { everyMinutes: 60, fullEveryHours: 24 }, 0);
      const rounds = 6;
      for (let round = 0; round < rounds; round += 1) {
        await makeDue();
        await Promise.all(schedulers.map((s) => s.tick()));
        expect(syncs.reduce((n, s) => n + s.calls.length, 0), `round ${round}`).toBe(round + 1);
        // The claim moved the next run an interval (± jitter) ahead: nobody else finds it due.
        expect((await nextRunAt())! - Date.now()).toBeGreaterThan(58 * 60_000);
        await Promise.all(schedulers.map((s) => s.tick()));
        expect(syncs.reduce((n, s) => n + s.calls.length, 0)).toBe(round + 1);
      }
      // Runs start like entraIdSync / oktaSync without arguments, and never allow large deletes.
      const call = syncs.flatMap((s) => s.calls)[0]!;
      expect(call.options).toEqual(SCHEDULED_SYNC_OPTIONS.OKTA);
      expect(call.request.allowLargeDeletes).toBe(false);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
      await Promise.all(graphs.map((g) => g.close()));
    }
  });

  it('asks for FULL when no FULL run succeeded recently enough, for incremental otherwise', async () => {
    const syncs = new RecordingSyncs();
    const scheduler = new Scheduler(store(), syncs, createLogger('silent'), { tickMs: 60_000, minuteMs: 60_000 });
    await store().set('OKTA', 'okta', { everyMinutes: 60, fullEveryHours: 24 }, 0);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const cases: Array<{ what: string; runs: Array<{ status: string; mode: string | null; startedAt: string }>; full: boolean }> = [
      { what: 'no run at all', runs: [], full: true },
      { what: 'a FULL run an hour ago', runs: [{ status: 'SUCCEEDED', mode: 'FULL', startedAt: hoursAgo(1) }], full: false },
      { what: 'a run from before SyncRun.mode (all FULL) an hour ago', runs: [{ status: 'SUCCEEDED', mode: null, startedAt: hoursAgo(1) }], full: false },
      { what: 'the last FULL run 30 hours ago, incremental runs since', runs: [{ status: 'SUCCEEDED', mode: 'FULL', startedAt: hoursAgo(30) }, { status: 'SUCCEEDED', mode: 'INCREMENTAL', startedAt: hoursAgo(1) }], full: true },
      { what: 'a FULL run an hour ago that failed', runs: [{ status: 'FAILED', mode: 'FULL', startedAt: hoursAgo(1) }, { status: 'PARTIAL', mode: 'FULL', startedAt: hoursAgo(2) }], full: true },
      { what: 'a FULL run 23.5 hours ago: 24 hours would pass before the next run', runs: [{ status: 'SUCCEEDED', mode: 'FULL', startedAt: hoursAgo(23.5) }], full: true },
    ];
    for (const c of cases) {
      await graph.write('MATCH (r:SyncRun) DELETE r');
      await graph.write(
        "UNWIND $runs AS run CREATE (r:SyncRun {id: randomUUID(), integration: 'okta', source: 'OKTA'}) SET r += run",
        { runs: c.runs },
      );
      await makeDue();
      await scheduler.tick();
      expect(syncs.calls.at(-1)?.request.full, c.what).toBe(c.full);
    }
    expect(syncs.calls).toHaveLength(cases.length);
    await scheduler.stop();
  });

  it('logs a run that cannot start as a warning, plans the next one, and lives on when Neo4j is away', async () => {
    const syncs = new RecordingSyncs();
    syncs.failWith = new TwinError('NOT_CONFIGURED', 'OKTA is not configured yet: call configureOkta first');
    const { lines, log } = logSink();
    const scheduler = new Scheduler(store(), syncs, log, { tickMs: 60_000, minuteMs: 60_000 });
    await store().set('OKTA', 'okta', { everyMinutes: 60, fullEveryHours: 24 }, 0);
    await makeDue();
    await scheduler.tick();
    expect(syncs.calls).toHaveLength(1);
    expect(lines.find((l) => l.level === 40)).toMatchObject({ source: 'OKTA', code: 'NOT_CONFIGURED' });
    expect((await nextRunAt())! - Date.now()).toBeGreaterThan(58 * 60_000);
    await scheduler.stop();

    // A replica whose Neo4j is gone: ticks resolve, and the outage is one warning, not one per tick.
    const away = createGraph({ uri: 'bolt://127.0.0.1:1', username: undefined, password: undefined, database: undefined });
    const sink = logSink();
    const lost = new Scheduler(new ScheduleStore(away), syncs, sink.log, { tickMs: 60_000, minuteMs: 60_000 });
    try {
      await lost.tick();
      await lost.tick();
      expect(sink.lines.filter((l) => l.level === 40)).toHaveLength(1);
      expect(syncs.calls).toHaveLength(1);
    } finally {
      await lost.stop();
      await away.close();
    }
  }, 60_000);

  it('stops ticking on stop(): no scheduled run starts afterwards', async () => {
    const syncs = new RecordingSyncs();
    const scheduler = new Scheduler(store(), syncs, createLogger('silent'), { tickMs: 50, minuteMs: 60_000 });
    scheduler.start();
    await scheduler.stop();
    await store().set('OKTA', 'okta', { everyMinutes: 60, fullEveryHours: 24 }, 0);
    await makeDue();
    await new Promise((r) => setTimeout(r, 300));
    await scheduler.tick();
    expect(syncs.calls).toHaveLength(0);
  });

  it('starts runs with the sync mutations\' defaults', async () => {
    const schema = buildSchema(await printTwinSchema());
    const mutations = schema.getMutationType()!.getFields();
    const defaults = (field: GraphQLField<unknown, unknown> | undefined) =>
      Object.fromEntries((field?.args ?? []).filter((a) => a.name !== 'full' && a.name !== 'allowLargeDeletes').map((a) => [a.name, a.defaultValue]));
    expect(SCHEDULED_SYNC_OPTIONS.ENTRA_ID).toEqual(defaults(mutations.entraIdSync));
    expect(SCHEDULED_SYNC_OPTIONS.OKTA).toEqual(defaults(mutations.oktaSync));
  });
});

describe('scheduled runs through the API', () => {
  beforeAll(async () => {
    await resetSchedules();
    expect((await t.gql(ConfigureOktaDocument, { input: { orgUrl: sim.orgUrl, apiToken: EXAMPLE_ORG_API_TOKEN } })).errors).toBeUndefined();
  });

  it('a replica with TWIN_SCHEDULER=off never starts one; a replica with it on does, and the run shows up in syncRuns', async () => {
    // Every 5 schedule minutes = 1 s here.
    const set = await okta(5);
    expect(set.errors).toBeUndefined();
    const planned = set.data!.setSyncSchedule.schedule!.nextRunAt!;
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await t.gql(SyncRunHistoryDocument, { source: 'OKTA' })).data?.syncRuns).toEqual([]);
    expect((await t.gql(SchedulesDocument, {})).data?.oktaStatus.schedule?.nextRunAt).toBe(planned);

    const replica = await startTestApp(FAST, { extraCaPem: sim.caCertPem });
    try {
      const runs = async () => (await t.gql(SyncRunHistoryDocument, { source: 'OKTA' })).data?.syncRuns ?? [];
      const deadline = Date.now() + 30_000;
      while ((await runs()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Off before the next run comes: this test wants one.
      await okta(null);
      const [run] = await runs();
      expect(run).toBeDefined();
      const done = await waitForRun(async () => (await runs()).find((r) => r.id === run!.id) ?? null);
      expect(done).toMatchObject({ source: 'OKTA', status: 'SUCCEEDED', mode: 'FULL' });
      expect((await runs()).map((r) => r.id)).toContain(run!.id);
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('notes the run its claim started on the schedule', async () => {
    await resetSchedules();
    await okta(5);
    const replica = await startTestApp(FAST, { extraCaPem: sim.caCertPem });
    try {
      const deadline = Date.now() + 30_000;
      let row: { runId: string | null; claimedBy: string | null } | undefined;
      while (!row?.runId && Date.now() < deadline) {
        [row] = await graph.read<{ runId: string | null; claimedBy: string | null }>("MATCH (s:SyncSchedule {integration: 'okta'}) RETURN s.lastRunId AS runId, s.claimedBy AS claimedBy");
        await new Promise((r) => setTimeout(r, 100));
      }
      await okta(null);
      expect(row?.claimedBy).toMatch(/:\d+:[0-9a-f]{8}$/);
      const [run] = await graph.read<{ id: string }>('MATCH (r:SyncRun {id: $id}) RETURN r.id AS id', { id: row?.runId ?? '' });
      expect(run?.id).toBe(row?.runId);
      await replica.app.runner.settle();
    } finally {
      await replica.close();
    }
  }, 60_000);
});
