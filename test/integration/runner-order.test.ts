/**
 * The order the runner runs a session's data sets in (DataSet.needs): a chain in list order, and beside it the
 * data sets that declare what they need, each started once that has finished, loaded or failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { SyncRunner } from '../../src/ingest/runner.js';
import type { ConnectorSession, DataSet } from '../../src/ingest/data-set.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph } from '../support/neo4j.js';

let graph: Graph;
let runs: RunStore;
let runner: SyncRunner;

beforeAll(async () => {
  graph = await testGraph();
  runs = new RunStore(graph);
  runner = new SyncRunner(graph, runs, createLogger('silent'));
});

afterAll(async () => {
  await runner?.close();
  await graph?.close();
});

/** A data set that takes `ms`, notes when it started and ended, and fails when asked. */
function dataSet(events: string[], name: string, ms: number, opts: { needs?: string[]; fail?: boolean } = {}): DataSet {
  return {
    name,
    incremental: false,
    cleanup: [],
    ...(opts.needs ? { needs: opts.needs } : {}),
    async run(ctx) {
      events.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      ctx.count(1);
      events.push(`${name}:end`);
      if (opts.fail) throw new Error(`${name} failed`);
    },
  };
}

async function sync(sets: DataSet[], by: SyncRunner = runner): Promise<SyncRunRecord> {
  const session: ConnectorSession = { authenticate: async () => undefined, dataSets: () => sets, close: async () => undefined };
  const run = await by.start('OKTA', {}, async () => session);
  await by.settle();
  const done = await runs.get(run.id);
  if (!done) throw new Error('run not saved');
  return done;
}

describe('data set order', () => {
  it('runs the chain in list order and a data set that needs only the first beside it', async () => {
    const events: string[] = [];
    const run = await sync([
      dataSet(events, 'users', 40),
      dataSet(events, 'groups', 150),
      dataSet(events, 'logs', 60, { needs: ['users'] }),
      dataSet(events, 'apps', 20),
    ]);
    expect(run.status).toBe('SUCCEEDED');
    const at = (e: string): number => events.indexOf(e);
    // logs waits for users only: it runs while groups does, and apps waits for groups, not for logs.
    expect(at('logs:start')).toBeGreaterThan(at('users:end'));
    expect(at('logs:end')).toBeLessThan(at('groups:end'));
    expect(at('apps:start')).toBeGreaterThan(at('groups:end'));
    expect(at('groups:start')).toBeGreaterThan(at('users:end'));
    // The counts are listed in the session's order whatever order the data sets started in.
    expect(run.counts.map((c) => c.dataSet)).toEqual(['users', 'groups', 'logs', 'apps']);
    expect(run.counts.every((c) => c.count === 1)).toBe(true);
    // Each says when it started: logs once users had finished, beside groups.
    const start = (name: string): number => Date.parse(run.counts.find((c) => c.dataSet === name)?.startedAt ?? '');
    const users = run.counts.find((c) => c.dataSet === 'users');
    expect(start('logs')).toBeGreaterThanOrEqual(start('users') + (users?.durationMs ?? 0) - 5);
    expect(start('logs')).toBeLessThan(start('apps'));
  });

  it('starts what needs a failed data set once it failed, and the run is PARTIAL', async () => {
    const events: string[] = [];
    const run = await sync([dataSet(events, 'users', 20, { fail: true }), dataSet(events, 'groups', 20), dataSet(events, 'logs', 20, { needs: ['users'] })]);
    expect(run.status).toBe('PARTIAL');
    expect(run.errors.map((e) => e.dataSet)).toEqual(['users']);
    expect(events.indexOf('logs:start')).toBeGreaterThan(events.indexOf('users:end'));
    expect(run.counts.map((c) => c.dataSet)).toEqual(['users', 'groups', 'logs']);
  });
});

describe('the work started while the data sets load', () => {
  /** A runner whose whileLoading hook notes when it ran (and fails when asked), and whose after-sync hook notes it. */
  function hooked(events: string[], opts: { fail?: boolean; ms?: number } = {}): SyncRunner {
    return new SyncRunner(graph, runs, createLogger('silent'), [async () => {
      events.push('after');
    }], {
      whileLoading: async () => {
        events.push('loading:start');
        await new Promise((r) => setTimeout(r, opts.ms ?? 30));
        if (opts.fail) throw new Error('Neo4j went away');
        events.push('loading:end');
      },
    });
  }

  it('starts once the first data set loaded, beside the rest, and ends before the work after the sync', async () => {
    const events: string[] = [];
    const r = hooked(events, { ms: 120 });
    const run = await sync([dataSet(events, 'users', 20), dataSet(events, 'groups', 40), dataSet(events, 'apps', 20)], r);
    expect(run.status).toBe('SUCCEEDED');
    const at = (e: string): number => events.indexOf(e);
    expect(at('loading:start')).toBeGreaterThan(at('users:end'));
    expect(at('loading:start')).toBeLessThan(at('groups:end'));
    // It outlasts the data sets here: the run waits for it before the work after the sync.
    expect(at('loading:end')).toBeGreaterThan(at('apps:end'));
    expect(at('after')).toBeGreaterThan(at('loading:end'));
    expect(events.filter((e) => e === 'loading:start')).toHaveLength(1);
  });

  it('fails without failing the run: the work after the sync does it', async () => {
    const events: string[] = [];
    const run = await sync([dataSet(events, 'users', 20), dataSet(events, 'groups', 20)], hooked(events, { fail: true }));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.errors).toEqual([]);
    expect(events).toContain('loading:start');
    expect(events.at(-1)).toBe('after');
  });

  it('is not started when the first data set failed', async () => {
    const events: string[] = [];
    const run = await sync([dataSet(events, 'users', 20, { fail: true }), dataSet(events, 'groups', 20)], hooked(events));
    expect(run.status).toBe('PARTIAL');
    expect(events).not.toContain('loading:start');
  });
});
