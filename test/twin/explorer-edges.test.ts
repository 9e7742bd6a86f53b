/**
 * The explorer's edges are bounded by construction: each parent's list is cut to its page in the Cypher,
 * transitive walks stop at MAX_NESTING and reach each node once (cycles and diamonds included), a role's
 * group chain is the shortest one, and every read starts from its parent (the plans never read every node
 * of a label).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/neo4j/driver.js';
import {
  EDGE_PAGES, MAX_NESTING, accountsOfPeople, applicationsOfAccounts, directGroupsOfAccounts, edgePagesStatement, eventsOfAccounts,
  holdersOfRoles, memberGroupsOfGroups, membersOfGroups, reachStatement, reachedFromAccounts, roleGrantsOfAccounts, transitiveGroupsOfAccounts,
} from '../../src/twin/explorer.js';
import { testGraph } from '../support/neo4j.js';
import { createEdges, createNodes } from './seed.js';

let graph: Graph;

const all = { first: 100, offset: 0 };
const ids = (rows: Array<{ id: string }>): string[] => rows.map((r) => r.id);
/** Groups g01…g12: a chain, each the member of the next (g01 MEMBER_OF g02 …). */
const chain = Array.from({ length: MAX_NESTING + 2 }, (_, i) => `g${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  graph = await testGraph();
  await createNodes(graph, 'Person', [{ id: 'p1', key: 'p1', displayName: 'Pat', sortName: 'pat' }]);
  await createNodes(graph, 'Account', [
    ...['a', 'b', 'c', 'd', 'e'].map((x) => ({ key: x, source: 'ENTRA_ID', externalId: x, displayName: `Account ${x.toUpperCase()}`, login: `${x}@x` })),
  ]);
  await createNodes(graph, 'Group', [
    ...chain.map((g) => ({ key: g, source: 'ENTRA_ID', externalId: g, displayName: `Group ${g}` })),
    ...['x', 'y', 'z'].map((g) => ({ key: g, source: 'ENTRA_ID', externalId: g, displayName: `Group ${g}` })),
  ]);
  await createNodes(graph, 'Role', [
    { key: 'r-admin', source: 'ENTRA_ID', name: 'Admin', roleKey: 'admin' },
    { key: 'r-reader', source: 'ENTRA_ID', name: 'Reader', roleKey: 'reader' },
    { key: 'r-deep', source: 'ENTRA_ID', name: 'Deep', roleKey: 'deep' },
  ]);
  await createNodes(graph, 'Application', [{ key: 'app1', source: 'OKTA', externalId: 'app1', displayName: 'App 1' }, { key: 'app2', source: 'OKTA', externalId: 'app2', displayName: 'App 2' }]);
  await createNodes(graph, 'SecurityEvent', Array.from({ length: 5 }, (_, i) => ({ key: `ev${i}`, source: 'OKTA', severity: 'HIGH', occurredAt: `2025-01-0${i + 1}T00:00:00.000Z`, kind: 'k' })));
  await createEdges(graph, 'HAS_ACCOUNT', ['a', 'b', 'c'].map((to) => ({ from: 'p1', to })));
  await createEdges(graph, 'MEMBER_OF', [
    // a is at the bottom of a chain of MAX_NESTING + 2 groups: the last two are out of reach.
    { from: 'a', to: chain[0]! },
    ...chain.slice(1).map((to, i) => ({ from: chain[i]!, to })),
    // A diamond and a cycle: a → x → y, a → y, y → z → x.
    { from: 'a', to: 'x' }, { from: 'x', to: 'y' }, { from: 'a', to: 'y' }, { from: 'y', to: 'z' }, { from: 'z', to: 'x' },
    { from: 'b', to: 'x' }, { from: 'c', to: 'x' }, { from: 'd', to: 'x' },
  ]);
  await createEdges(graph, 'HAS_ROLE', [
    // Admin: held by z (chain a→x→y→z or a→y→z: the shortest has 2 groups) and eligible directly.
    { from: 'z', to: 'r-admin', props: { assignment: 'active', scope: '/' } },
    { from: 'a', to: 'r-admin', props: { assignment: 'eligible', scope: '/au1' } },
    { from: 'b', to: 'r-reader', props: { assignment: 'active', scope: '/' } },
    // Held by the group 11 levels above a: a is too far down to hold it.
    { from: chain[MAX_NESTING]!, to: 'r-deep', props: { assignment: 'active', scope: '/' } },
  ]);
  await createEdges(graph, 'ASSIGNED_TO', [{ from: 'a', to: 'app1' }, { from: 'x', to: 'app1' }, { from: 'z', to: 'app2' }]);
  await createEdges(graph, 'INVOLVES', Array.from({ length: 5 }, (_, i) => ({ from: `ev${i}`, to: 'a' })));
});

afterAll(async () => {
  await graph?.close();
});

describe('explorer edges', () => {
  it('walks nested groups at most MAX_NESTING levels up, each group once, through diamonds and cycles', async () => {
    const [groups = []] = await transitiveGroupsOfAccounts(graph, ['a'], all);
    expect(ids(groups)).toEqual([...chain.slice(0, MAX_NESTING), 'x', 'y', 'z']);
    const [direct = []] = await directGroupsOfAccounts(graph, ['a'], all);
    expect(ids(direct)).toEqual([chain[0], 'x', 'y']);
  });

  it('cuts every parent\'s list to its page, in order, with each key answered in the order asked', async () => {
    const pages = await transitiveGroupsOfAccounts(graph, ['b', 'a', 'missing'], { first: 2, offset: 1 });
    expect(pages.map(ids)).toEqual([['y', 'z'], [chain[1], chain[2]], []]);
    expect((await membersOfGroups(graph, ['x'], { first: 2, offset: 1 })).map(ids)).toEqual([['b', 'c']]);
    expect((await memberGroupsOfGroups(graph, ['x'], all)).map(ids)).toEqual([['z']]);
    expect((await accountsOfPeople(graph, ['p1'], { first: 2, offset: 0 })).map(ids)).toEqual([['a', 'b']]);
    expect((await eventsOfAccounts(graph, ['a'], { first: 2, offset: 1 })).map(ids)).toEqual([['ev3', 'ev2']]);
    expect((await applicationsOfAccounts(graph, ['a'], all)).map(ids)).toEqual([['app1', 'app2']]);
    expect((await applicationsOfAccounts(graph, ['a'], { first: 0, offset: 0 })).map(ids)).toEqual([[]]);
  });

  it('gives one grant per role and assignment kind, through the shortest group chain', async () => {
    const [grants = []] = await roleGrantsOfAccounts(graph, ['a'], all);
    expect(grants).toEqual([
      { roleId: 'r-admin', accountId: 'a', assignment: 'ACTIVE', scope: '/', viaGroupIds: ['y', 'z'] },
      { roleId: 'r-admin', accountId: 'a', assignment: 'ELIGIBLE', scope: '/au1', viaGroupIds: [] },
    ]);
    const [holders = []] = await holdersOfRoles(graph, ['r-admin'], all);
    expect(holders.map((h) => [h.accountId, h.assignment, h.viaGroupIds])).toEqual([
      ['a', 'ACTIVE', ['y', 'z']], ['a', 'ELIGIBLE', []], ['b', 'ACTIVE', ['x', 'y', 'z']], ['c', 'ACTIVE', ['x', 'y', 'z']], ['d', 'ACTIVE', ['x', 'y', 'z']],
    ]);
    expect((await holdersOfRoles(graph, ['r-admin'], { first: 2, offset: 2 }))[0]?.map((h) => h.accountId)).toEqual(['b', 'c']);
    // Held 11 levels above a, beyond MAX_NESTING: not a holder.
    expect(await holdersOfRoles(graph, ['r-deep'], all)).toEqual([[]]);
  });

  it('reads an account\'s groups, roles and applications in one walk, each part as it is read alone', async () => {
    const pages = { groups: { first: 3, offset: 1 }, roles: all, applications: { first: 1, offset: 1 } };
    const keys = ['a', 'b', 'missing'];
    const together = await reachedFromAccounts(graph, keys, pages);
    expect(together).toEqual(
      await Promise.all(keys.map(async (k) => ({
        groups: (await transitiveGroupsOfAccounts(graph, [k], pages.groups))[0],
        roles: (await roleGrantsOfAccounts(graph, [k], pages.roles))[0],
        applications: (await applicationsOfAccounts(graph, [k], pages.applications))[0],
      }))),
    );
    expect(together[0]?.applications.map((a) => a.id)).toEqual(['app2']);
    expect(together[1]?.roles.map((r) => r.roleId)).toEqual(['r-admin', 'r-reader']);
    // A part not asked is not read.
    const [appsOnly] = await reachedFromAccounts(graph, ['a'], { groups: null, roles: null, applications: all });
    expect(appsOnly).toEqual({ groups: [], roles: [], applications: (await applicationsOfAccounts(graph, ['a'], all))[0] });
  });
});

describe('explorer edge plans', () => {
  /** The operators of a statement's plan, with their details (EXPLAIN: nothing runs). */
  async function operators(cypher: string): Promise<string[]> {
    const page = { first: 10, offset: 0 };
    const res = await graph.driver.executeQuery(`EXPLAIN ${cypher}`, {
      keys: ['a'], ...page, groupsFirst: 10, groupsOffset: 0, rolesFirst: 10, rolesOffset: 0, applicationsFirst: 10, applicationsOffset: 0,
    });
    interface Plan { operatorType: string; arguments: Record<string, unknown>; children: Plan[] }
    const out: string[] = [];
    const walk = (p: Plan): void => {
      out.push(`${p.operatorType.replace(/@.*$/, '')} ${typeof p.arguments.Details === 'string' ? p.arguments.Details : ''}`);
      for (const c of p.children) walk(c);
    };
    if (res.summary.plan) walk(res.summary.plan as unknown as Plan);
    return out;
  }

  it('start from the parent, never read every node of a label, and walk nested groups breadth-first', async () => {
    const reach = reachStatement({ groups: all, roles: all, applications: all });
    for (const [name, statement] of [...Object.entries(EDGE_PAGES).map(([n, perKey]) => [n, edgePagesStatement(perKey)] as const), ['reach', reach] as const]) {
      const ops = await operators(statement);
      const plan = `${name}: ${ops.join(' | ')}`;
      expect(ops.filter((o) => /^(AllNodesScan|NodeByLabelScan|NodeIndexScan|DirectedRelationshipTypeScan|UndirectedRelationshipTypeScan)/.test(o)), plan).toEqual([]);
      expect(ops.some((o) => /^NodeUniqueIndexSeek/.test(o)), plan).toBe(true);
      // A variable-length walk that keeps every path is what explodes on nested groups.
      expect(ops.filter((o) => o.startsWith('VarLengthExpand') && !o.startsWith('VarLengthExpand(Pruning')), plan).toEqual([]);
      if (name === 'reach' || name === 'holdersOfRoles') expect(ops.some((o) => o.startsWith('StatefulShortestPath')), plan).toBe(true);
    }
  });
});
