/**
 * The declared graph model: its generated documentation is current, its migrations cover every keyed
 * label, and the statements compiled from it behave on the real Neo4j (stamps, facets, placeholders,
 * cleanup of what a run did not see).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupFor, keepRels } from '../../src/model/cleanup.js';
import { keyedLabel } from '../../src/model/declare.js';
import { renderGraphModel } from '../../src/model/docs.js';
import { EntraGroupNode, EntraUserNode, EntraRoleNode, HAS_ROLE, MEMBER_OF, NODES, RELATIONSHIPS, ServicePrincipalNode } from '../../src/model/graph.js';
import { MIGRATIONS, RETIRED_INDEXES, migrate } from '../../src/model/migrations.js';
import { mergeRels, mergeRelsWithPlaceholder, upsertNodes, upsertNodesWith, writeFacet, type Write } from '../../src/model/writes.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph, wipe } from '../support/neo4j.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('graph model declarations', () => {
  it('docs/graph-model.md is what the declarations render (run npm run model:docs)', () => {
    expect(readFileSync(path.join(root, 'docs/graph-model.md'), 'utf8')).toBe(renderGraphModel());
  });

  it('has a unique key constraint for every keyed label that synced data MERGEs on', () => {
    for (const n of NODES.filter((x) => x.unique.includes('key'))) {
      expect(MIGRATIONS).toContain(`CREATE CONSTRAINT ${keyedLabel(n).toLowerCase()}_key IF NOT EXISTS FOR (n:${keyedLabel(n)}) REQUIRE n.key IS UNIQUE`);
    }
  });

  it('declares every relationship between declared nodes, owned by at least one data set', () => {
    for (const r of RELATIONSHIPS) {
      expect(r.owners.length).toBeGreaterThan(0);
      for (const n of [...r.from, ...r.to]) expect(NODES).toContain(n);
    }
  });

  it('refuses a relationship write between nodes the declaration does not connect', () => {
    expect(() => mergeRels(HAS_ROLE, { from: EntraUserNode, to: EntraGroupNode })).toThrow(/not declared/);
  });

  it('writes a node with one of its facets only when the node\'s owner also owns the facet', () => {
    expect(upsertNodesWith(EntraUserNode, 'signIn').name).toBe('EntraUser+signIn');
    // The MFA facet is the mfa data set's: the users data set must not write (or stamp) it.
    expect(() => upsertNodesWith(EntraUserNode, 'mfa')).toThrow(/not written by EntraUser's owner/);
  });
});

describe('compiled statements on Neo4j', () => {
  let graph: Graph;
  const stamps = (runId: string, dataSet: string) => ({
    integration: 'entra', source: 'ENTRA_ID', runId, seenAt: '2026-12-01T00:00:00.000Z', dataSet, retentionDays: 30,
  });
  const write = async <Row>(w: Write<Row>, rows: Row[], runId: string, dataSet: string) =>
    graph.write(w.cypher, { ...stamps(runId, dataSet), ...w.params, rows });
  const cleanup = async (dataSet: string, runId: string) => {
    for (const s of cleanupFor('ENTRA_ID', dataSet)) {
      if (s.batched) await graph.writeAutoCommit(s.cypher, stamps(runId, dataSet));
      else await graph.write(s.cypher, stamps(runId, dataSet));
    }
  };
  const user = (id: string) => ({
    key: `entra:t:${id}`,
    props: {
      externalId: id, displayName: id, login: `${id}@x.test`, loginNorm: `${id}@x.test`, email: null, emailNorm: null, active: true,
      createdAt: null, enabled: true, status: 'Enabled' as const, userType: 'Member' as const, immutableId: null, proxyAddresses: [],
    },
  });

  beforeAll(async () => {
    graph = await testGraph();
  });
  afterAll(async () => {
    await wipe(graph);
    await graph.close();
  });

  it('runs the migrations twice without error (idempotent start-up)', async () => {
    for (const s of MIGRATIONS) await graph.write(s);
  });

  it('drops the indexes of earlier releases that are no longer declared', async () => {
    await graph.write('CREATE INDEX account_integration_runid IF NOT EXISTS FOR (n:Account) ON (n.integration, n.runId)');
    await migrate(graph);
    const names = (await graph.read<{ name: string }>('SHOW INDEXES YIELD name RETURN name')).map((r) => r.name);
    for (const retired of RETIRED_INDEXES) expect(names).not.toContain(retired);
    expect(names).toContain('account_integration');
  });

  it('every cleanup statement of every data set is valid Cypher', async () => {
    for (const n of NODES) {
      for (const o of [n.owner, ...Object.values(n.facets).map((f) => f.owner)]) {
        if (o.source === 'TWIN') continue;
        for (const s of cleanupFor(o.source, o.dataSet)) {
          await graph.read(`EXPLAIN ${s.cypher}`, stamps('r', o.dataSet));
        }
      }
    }
  });

  it('stamps nodes, starts facets at their initial values, resets a facet a finished run did not see', async () => {
    await write(upsertNodes(EntraUserNode), [user('a'), user('b')], 'run1', 'users');
    await write(writeFacet(EntraUserNode, 'mfa'), [{ key: 'entra:t:a', props: { mfaRegistered: true, mfaMethods: ['FIDO2'], mfaRawMethods: ['fido2'] } }], 'run1', 'mfa');
    const before = await graph.read<{ k: string; reg: boolean; run: string; mfaRunId: string | null }>(
      'MATCH (n:Account:EntraUser) RETURN n.key AS k, n.mfaRegistered AS reg, n.runId AS run, n.mfaRunId AS mfaRunId ORDER BY k',
    );
    expect(before).toEqual([
      { k: 'entra:t:a', reg: true, run: 'run1', mfaRunId: 'run1' },
      { k: 'entra:t:b', reg: false, run: 'run1', mfaRunId: null },
    ]);
    // The next mfa run no longer lists a: its registration goes back to none.
    await cleanup('mfa', 'run2');
    const after = await graph.read<{ reg: boolean; methods: string[] }>("MATCH (n:Account {key: 'entra:t:a'}) RETURN n.mfaRegistered AS reg, n.mfaMethods AS methods");
    expect(after).toEqual([{ reg: false, methods: [] }]);
  });

  it('raises the change flag only when a write changes the account: activity, facts or identity, never lowered', async () => {
    const flag = async (id: string): Promise<unknown> =>
      (await graph.read<{ f: unknown }>('MATCH (n:Account {key: $key}) RETURN n.enrichPending AS f', { key: `entra:t:${id}` }))[0]?.f;
    const clear = () => graph.write('MATCH (n:Account) SET n.enrichPending = null');
    await write(upsertNodes(EntraUserNode), [user('c')], 'run1', 'users');
    expect(await flag('c')).toBe('identity');
    await clear();
    // The same values again (a full re-read of an unchanged user): no flag; the stamps still move.
    await write(upsertNodes(EntraUserNode), [user('c')], 'run2', 'users');
    await write(writeFacet(EntraUserNode, 'mfa'), [{ key: 'entra:t:c', props: { mfaRegistered: false, mfaMethods: [], mfaRawMethods: [] } }], 'run2', 'mfa');
    expect(await flag('c')).toBeNull();
    // A sign-in alone is activity; an MFA change after it is a fact of the account, and a later sign-in keeps it.
    await write(writeFacet(EntraUserNode, 'signIn'), [{ key: 'entra:t:c', props: { lastSignInAt: '2026-12-01T08:00:00.000Z' } }], 'run3', 'users');
    expect(await flag('c')).toBe('activity');
    await write(writeFacet(EntraUserNode, 'signIn'), [{ key: 'entra:t:c', props: { lastSignInAt: '2026-12-01T08:00:00.000Z' } }], 'run3', 'users');
    expect(await flag('c')).toBe('activity');
    await write(writeFacet(EntraUserNode, 'mfa'), [{ key: 'entra:t:c', props: { mfaRegistered: true, mfaMethods: ['FIDO2'], mfaRawMethods: ['fido2'] } }], 'run3', 'mfa');
    expect(await flag('c')).toBe('facts');
    await write(writeFacet(EntraUserNode, 'signIn'), [{ key: 'entra:t:c', props: { lastSignInAt: '2026-12-01T09:00:00.000Z' } }], 'run3', 'users');
    expect(await flag('c')).toBe('facts');
    // A new email is an identifier: the account may join someone else.
    const moved = user('c');
    await write(upsertNodes(EntraUserNode), [{ ...moved, props: { ...moved.props, email: 'c@y.test', emailNorm: 'c@y.test' } }], 'run4', 'users');
    expect(await flag('c')).toBe('identity');
    await write(writeFacet(EntraUserNode, 'mfa'), [{ key: 'entra:t:c', props: { mfaRegistered: true, mfaMethods: ['FIDO2'], mfaRawMethods: ['fido2'] } }], 'run4', 'mfa');
    expect(await flag('c')).toBe('identity');
    // The user read with its sign-in dates (one write): a moved date alone is activity, on a node written once;
    // with a new name beside it, a fact.
    await clear();
    const withDate = (at: string, displayName = 'c') => ({ ...user('c'), props: { ...user('c').props, displayName, email: 'c@y.test', emailNorm: 'c@y.test', lastSignInAt: at } });
    await write(upsertNodesWith(EntraUserNode, 'signIn'), [withDate('2026-12-01T08:00:00.000Z')], 'run4', 'users');
    expect(await flag('c')).toBe('activity');
    await clear();
    await write(upsertNodesWith(EntraUserNode, 'signIn'), [withDate('2026-12-01T08:00:00.000Z')], 'run4', 'users');
    expect(await flag('c')).toBeNull();
    await write(upsertNodesWith(EntraUserNode, 'signIn'), [withDate('2026-12-02T08:00:00.000Z')], 'run4', 'users');
    expect(await flag('c')).toBe('activity');
    await clear();
    await write(upsertNodesWith(EntraUserNode, 'signIn'), [withDate('2026-12-03T08:00:00.000Z', 'C. Renamed')], 'run4', 'users');
    expect(await flag('c')).toBe('facts');
    const [stored] = await graph.read<{ at: string; runId: string }>("MATCH (n:Account {key: 'entra:t:c'}) RETURN n.lastSignInAt AS at, n.runId AS runId");
    expect(stored).toEqual({ at: '2026-12-03T08:00:00.000Z', runId: 'run4' });
    await clear();
    // A facet reset (the MFA report no longer lists it) changes it too.
    await cleanup('mfa', 'run5');
    expect(await flag('c')).toBe('facts');
  });

  it('creates placeholders for edges that need a node its owner has not written, and cleans up only the owner\'s unseen data', async () => {
    await write(upsertNodes(EntraGroupNode), [{ key: 'entra:t:g', props: { externalId: 'g', displayName: 'G', groupType: 'Security', dynamic: false, isAssignableToRole: false } }], 'run1', 'groups');
    await write(mergeRels(MEMBER_OF, { from: EntraUserNode, to: EntraGroupNode }), [{ from: 'entra:t:a', to: 'entra:t:g', props: {} }, { from: 'entra:t:missing', to: 'entra:t:g', props: {} }], 'run1', 'groups');
    await write(mergeRelsWithPlaceholder(MEMBER_OF, { from: ServicePrincipalNode, to: EntraGroupNode }, 'from'), [{ from: 'entra:t:sp:s', to: 'entra:t:g', props: {}, placeholder: { objectId: 's' } }], 'run1', 'groups');
    const sp = await graph.read<{ labels: string[]; runId: string | null; objectId: string }>(
      "MATCH (s:Application {key: 'entra:t:sp:s'})-[:MEMBER_OF]->(:Group) RETURN labels(s) AS labels, s.runId AS runId, s.objectId AS objectId",
    );
    expect(sp).toEqual([{ labels: expect.arrayContaining(['Application', 'ServicePrincipal']), runId: null, objectId: 's' }]);
    expect(await graph.read('MATCH (:Account {key: "entra:t:missing"}) RETURN 1')).toEqual([]);

    // A role edge owned by `roles` survives the groups cleanup; the apps cleanup removes the placeholder.
    await write(upsertNodes(EntraRoleNode), [{ key: 'entra:t:role:r', props: { roleKey: 'r', name: 'R', tier0: false, privileged: false, definitionId: 'r', isBuiltIn: true } }], 'run1', 'roles');
    await write(mergeRels(HAS_ROLE, { from: EntraGroupNode, to: EntraRoleNode, mergeOn: ['assignmentId'] }), [{ from: 'entra:t:g', to: 'entra:t:role:r', props: { assignmentId: 'x', assignment: 'eligible', scope: '/' } }], 'run1', 'roles');
    await write(upsertNodes(EntraGroupNode), [{ key: 'entra:t:g', props: { externalId: 'g', displayName: 'G', groupType: 'Security', dynamic: false, isAssignableToRole: false } }], 'run2', 'groups');
    await cleanup('groups', 'run2');
    expect(await graph.read('MATCH ()-[r:MEMBER_OF]->() RETURN r')).toEqual([]);
    expect(await graph.read('MATCH (:Group)-[r:HAS_ROLE]->() RETURN r')).toHaveLength(1);
    await cleanup('apps', 'run2');
    expect(await graph.read("MATCH (s:Application {key: 'entra:t:sp:s'}) RETURN s")).toEqual([]);

    // keepRels re-stamps what could not be read, so the roles cleanup keeps it.
    await graph.write(keepRels(HAS_ROLE, { assignment: 'eligible' }).cypher, stamps('run3', 'roles'));
    await write(upsertNodes(EntraRoleNode), [{ key: 'entra:t:role:r', props: { roleKey: 'r', name: 'R', tier0: false, privileged: false, definitionId: 'r', isBuiltIn: true } }], 'run3', 'roles');
    await cleanup('roles', 'run3');
    expect(await graph.read('MATCH (:Group)-[r:HAS_ROLE]->() RETURN r')).toHaveLength(1);
  });
});
