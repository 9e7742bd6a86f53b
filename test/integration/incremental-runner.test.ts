/**
 * The runner's side of incremental sync, on the real Neo4j with a provider kept in memory (the connectors'
 * own incremental reads are tested against the simulators in entra-incremental / okta-incremental):
 * a first sync reads whole and saves the cursor the read set; the next reads from it and cleans up
 * nothing by absence; an expired cursor reads whole in the same run; `full` ignores the cursor; a listing
 * held back by the shrink guard forgets the cursor; a failed data set keeps the old one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { RunStore } from '../../src/ingest/run-store.js';
import { SyncRunner, type RunRequest } from '../../src/ingest/runner.js';
import { bindResource, syncStateExpired, type Resource } from '../../src/ingest/resource.js';
import type { ConnectorSession } from '../../src/ingest/data-set.js';
import type { SyncRunRecord } from '../../src/ingest/types.js';
import { MEMBER_OF, OktaGroupNode, OktaUserNode } from '../../src/model/graph.js';
import { deleteNodes, mergeRels, pruneRels, upsertNodes } from '../../src/model/writes.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph } from '../support/neo4j.js';
import { graphSnapshot } from '../support/graph-snapshot.js';

/** A directory that records every change with a sequence number: the cursor is the last number read. */
class Directory {
  users = new Map<string, string>();
  members = new Map<string, Set<string>>();
  private log: Array<{ seq: number; user?: string; group?: string }> = [];
  private seq = 0;
  /** Cursors older than this the provider has forgotten. */
  forgetBefore = 0;
  /** Throws once while listing changes (a provider fault). */
  failChanges = false;
  fullReads = 0;
  changeReads = 0;

  setUser(id: string, name: string): void {
    this.users.set(id, name);
    this.log.push({ seq: ++this.seq, user: id });
  }
  deleteUser(id: string): void {
    this.users.delete(id);
    for (const [g, m] of this.members) if (m.delete(id)) this.log.push({ seq: ++this.seq, group: g });
    this.log.push({ seq: ++this.seq, user: id });
  }
  setMembers(group: string, users: string[]): void {
    this.members.set(group, new Set(users));
    this.log.push({ seq: ++this.seq, group });
  }
  get now(): number {
    return this.seq;
  }
  since(cursor: number): { users: Set<string>; groups: Set<string> } {
    if (cursor < this.forgetBefore) throw syncStateExpired('the provider no longer knows this cursor', 'SyncStateNotFound');
    const out = { users: new Set<string>(), groups: new Set<string>() };
    for (const c of this.log) {
      if (c.seq <= cursor) continue;
      if (c.user) out.users.add(c.user);
      if (c.group) out.groups.add(c.group);
    }
    return out;
  }
}

const KEY = (id: string): string => `okta:test.example:${id}`;
const writes = {
  users: upsertNodes(OktaUserNode),
  groups: upsertNodes(OktaGroupNode),
  members: mergeRels(MEMBER_OF, { from: OktaUserNode, to: OktaGroupNode }),
  gone: deleteNodes(OktaUserNode),
  // A group's members listed whole: its edges this run did not write go.
  relisted: pruneRels(MEMBER_OF, { from: OktaUserNode, to: OktaGroupNode }, 'to'),
};

type Page = { users: Array<[string, string]>; removed: string[]; groups: Array<[string, string[]]> };

function userRow(id: string, name: string) {
  return {
    key: KEY(id),
    props: {
      externalId: id, displayName: name, login: `${id}@test.example`, loginNorm: `${id}@test.example`, email: null, emailNorm: null,
      secondEmailNorm: null, active: true, status: 'ACTIVE', userType: 'Member' as const, createdAt: null, lastSignInAt: null,
      activatedAt: null, statusChangedAt: null, mfaRegistered: false, mfaMethods: [],
    },
  };
}

function resource(): Resource<Directory, Page, typeof writes> {
  return {
    name: 'users',
    writes,
    counted: ['users', 'gone'],
    async *pages(d, ctx) {
      d.fullReads += 1;
      ctx.setCursor(String(d.now));
      yield { users: [...d.users], removed: [], groups: [...d.members].map(([g, m]) => [g, [...m]]) };
    },
    async *changes(d, ctx) {
      d.changeReads += 1;
      const at = d.now;
      const changed = d.since(Number(ctx.cursor));
      if (d.failChanges) {
        d.failChanges = false;
        throw new Error('the provider answered 503');
      }
      yield {
        users: [...changed.users].filter((u) => d.users.has(u)).map((u) => [u, d.users.get(u) ?? '']),
        removed: [...changed.users].filter((u) => !d.users.has(u)),
        groups: [...changed.groups].map((g) => [g, [...(d.members.get(g) ?? [])]]),
      };
      ctx.setCursor(String(at));
    },
    transform(page) {
      return {
        users: page.users.map(([id, name]) => userRow(id, name)),
        groups: page.groups.map(([g]) => ({ key: KEY(g), props: { externalId: g, displayName: g, groupType: 'OKTA_GROUP', memberCount: null } })),
        members: page.groups.flatMap(([g, m]) => m.map((u) => ({ from: KEY(u), to: KEY(g), props: {} }))),
        gone: page.removed.map((u) => ({ key: KEY(u) })),
        relisted: page.groups.map(([g]) => ({ key: KEY(g) })),
      };
    },
  };
}

let graph: Graph;
let runs: RunStore;
let runner: SyncRunner;
let dir: Directory;

function session(d: Directory): ConnectorSession {
  return {
    authenticate: async () => undefined,
    dataSets: () => [bindResource('OKTA', resource(), d)],
    close: async () => undefined,
  };
}

async function sync(request: RunRequest = {}, d: Directory = dir): Promise<SyncRunRecord> {
  const run = await runner.start('OKTA', {}, async () => session(d), request);
  await runner.settle();
  const done = await runs.get(run.id);
  if (!done) throw new Error('run not saved');
  return done;
}

async function names(): Promise<string[]> {
  const rows = await graph.read<{ n: string }>("MATCH (u:OktaUser {integration: 'okta'}) RETURN u.displayName AS n ORDER BY n");
  return rows.map((r) => r.n);
}

async function memberships(): Promise<string[]> {
  const rows = await graph.read<{ m: string }>(
    "MATCH (u:OktaUser)-[:MEMBER_OF]->(g:Group {integration: 'okta'}) RETURN u.externalId + '>' + g.externalId AS m ORDER BY m",
  );
  return rows.map((r) => r.m);
}

beforeAll(async () => {
  graph = await testGraph();
  runs = new RunStore(graph);
  runner = new SyncRunner(graph, runs, createLogger('silent'));
});

beforeEach(async () => {
  await graph.writeAutoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  dir = new Directory();
  for (const id of ['u1', 'u2', 'u3', 'u4']) dir.setUser(id, `name ${id}`);
  dir.setMembers('g1', ['u1', 'u2', 'u3']);
});

afterAll(async () => {
  await graph?.close();
});

describe('incremental sync in the runner', () => {
  it('reads whole first, then only the changes, and the twin equals a full read', async () => {
    const first = await sync();
    expect(first.mode).toBe('FULL');
    expect(first.counts[0]).toMatchObject({ dataSet: 'users', mode: 'FULL', count: 4 });
    expect((await runs.cursors('okta')).get('users')).toBe(String(dir.now));

    dir.setUser('u2', 'renamed u2');
    dir.deleteUser('u3');
    dir.setUser('u5', 'name u5');
    dir.setMembers('g1', ['u1', 'u5']);
    const second = await sync();
    expect(second.status).toBe('SUCCEEDED');
    expect(second.mode).toBe('INCREMENTAL');
    expect(second.counts[0]).toMatchObject({ mode: 'INCREMENTAL', count: 3 });
    expect(dir.fullReads).toBe(1);
    expect(dir.changeReads).toBe(1);
    // u4 was not read again, and is still there: no cleanup by absence.
    expect(await names()).toEqual(['name u1', 'name u4', 'name u5', 'renamed u2']);
    expect(await memberships()).toEqual(['u1>g1', 'u5>g1']);

    const incremental = await graphSnapshot(graph, 'okta');
    const full = await sync({ full: true });
    expect(full.mode).toBe('FULL');
    expect(dir.fullReads).toBe(2);
    expect(await graphSnapshot(graph, 'okta')).toEqual(incremental);
  });

  it('reads whole, in the same run, when the provider forgot the cursor', async () => {
    await sync();
    dir.setUser('u1', 'renamed u1');
    dir.forgetBefore = dir.now;
    dir.users.delete('u4'); // gone without a trace in the change log: only a whole read notices
    const run = await sync();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts[0]).toMatchObject({ mode: 'FULL', count: 3 });
    expect(run.warnings).toEqual([expect.objectContaining({ code: 'SYNC_STATE_EXPIRED' })]);
    expect(await names()).toEqual(['name u2', 'name u3', 'renamed u1']);
    // The whole read started a new feed.
    expect((await runs.cursors('okta')).get('users')).toBe(String(dir.now));
  });

  it('keeps the old cursor when the incremental read fails, and reads the same changes again next time', async () => {
    await sync();
    const cursor = (await runs.cursors('okta')).get('users');
    dir.setUser('u1', 'renamed u1');
    dir.failChanges = true;
    const failed = await sync();
    expect(failed.status).toBe('FAILED');
    expect((await runs.cursors('okta')).get('users')).toBe(cursor);
    const next = await sync();
    expect(next.status).toBe('SUCCEEDED');
    expect(next.mode).toBe('INCREMENTAL');
    expect(await names()).toContain('renamed u1');
  });

  it('forgets the cursor when the shrink guard held a listing back, so the next sync reads whole again', async () => {
    await sync({ full: true });
    const narrowed = new Directory();
    narrowed.setUser('u1', 'name u1');
    const held = await sync({ full: true }, narrowed);
    expect(held.status).toBe('PARTIAL');
    expect(held.errors).toEqual([expect.objectContaining({ code: 'LISTING_SHRANK' })]);
    expect((await runs.cursors('okta')).has('users')).toBe(false);
    const next = await sync();
    expect(next.mode).toBe('FULL');
  });
});
