import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QueryCounter, withQueryCounter, type Graph } from '../../src/neo4j/driver.js';
import { resolveIdentities } from '../../src/twin/resolution.js';
import { enrichPass } from '../../src/twin/enrich-pass.js';
import { serialized } from '../../src/twin/serialize.js';
import { linkAccounts, unlinkAccounts } from '../../src/twin/resolution.js';
import { testGraph, wipe } from '../support/neo4j.js';
import { entraKey, oktaKey, seedEntraUsers, seedOktaUsers } from './seed.js';

let graph: Graph;

beforeEach(async () => {
  graph ??= await testGraph();
  await wipe(graph);
});

afterAll(async () => {
  await graph?.close();
});

interface Membership {
  account: string;
  person: string;
  matchedBy: string;
}

async function memberships(): Promise<Map<string, Membership>> {
  const rows = await graph.read<Membership>(
    'MATCH (p:Person)-[h:HAS_ACCOUNT]->(a:Account) RETURN a.key AS account, p.id AS person, h.matchedBy AS matchedBy',
  );
  return new Map(rows.map((r) => [r.account, r]));
}

async function personOf(key: string): Promise<string> {
  const m = (await memberships()).get(key);
  if (!m) throw new Error(`no person for ${key}`);
  return m.person;
}

async function person(id: string): Promise<Record<string, unknown>> {
  const [row] = await graph.read<{ p: Record<string, unknown> }>('MATCH (p:Person {id: $id}) RETURN properties(p) AS p', { id });
  if (!row) throw new Error(`no person ${id}`);
  return row.p;
}

async function setProps(key: string, props: Record<string, unknown>): Promise<void> {
  await graph.write('MATCH (a:Account {key: $key}) SET a += $props', { key, props });
}

describe('resolveIdentities', () => {
  it('joins per the contract, writes person properties, and skips #EXT# UPNs', async () => {
    await seedEntraUsers(graph, [
      { id: 'e1', upn: 'Alice@Acme.com ', displayName: 'Alice Smith', mail: 'alice.smith@acme.com', lastSignInAt: '2025-02-01T00:00:00.000Z' },
      { id: 'e2', upn: 'bob_partner.com#EXT#@acme.onmicrosoft.com', displayName: 'Bob (guest)', userType: 'Guest', mail: 'bob@partner.com' },
      { id: 'e3', upn: 'carol@acme.com', displayName: 'Carol', enabled: false },
    ]);
    await seedOktaUsers(graph, [
      { id: '00u1', login: 'alice.smith@acme.com', displayName: 'Alice S', lastSignInAt: '2025-03-01T00:00:00.000Z' },
      { id: '00u2', login: 'bob_partner.com#EXT#@acme.onmicrosoft.com', email: 'robert@partner.com', displayName: 'Bob' },
    ]);
    expect(await resolveIdentities(graph)).toEqual({ people: 4, accounts: 5 });

    const m = await memberships();
    const alice = m.get(entraKey('e1'));
    expect(alice?.person).toBe(m.get(oktaKey('00u1'))?.person);
    expect(alice?.matchedBy).toBe('email');
    expect(m.get(entraKey('e2'))?.person).not.toBe(m.get(oktaKey('00u2'))?.person);
    expect(m.get(entraKey('e3'))?.matchedBy).toBe('self');

    expect(await person(alice?.person ?? '')).toMatchObject({
      id: alice?.person,
      key: alice?.person,
      displayName: 'Alice Smith',
      sortName: 'alice smith',
      emails: ['alice.smith@acme.com', 'alice@acme.com'],
      confidence: 'INFERRED',
      lastActivityAt: '2025-03-01T00:00:00.000Z',
      accountCount: 2,
    });
    const carol = await person(m.get(entraKey('e3'))?.person ?? '');
    expect(carol).toMatchObject({ displayName: 'Carol', confidence: 'VERIFIED', emails: ['carol@acme.com'] });
    expect(carol).not.toHaveProperty('lastActivityAt');
  });

  it('joins on immutable ids and says so', async () => {
    await seedEntraUsers(graph, [
      { id: 'e1', upn: 'dave@corp.example', immutableId: 'ZGF2ZQ==' },
      { id: 'e2', upn: 'erin@corp.example', immutableId: '00u9' },
    ]);
    await seedOktaUsers(graph, [
      { id: '00u1', login: 'dave.w@okta.example', o365ImmutableId: 'ZGF2ZQ==' },
      { id: '00u9', login: 'erin.x@okta.example' },
      { id: '00u3', login: 'other@okta.example', o365ImmutableId: 'zgf2zq==' },
    ]);
    await resolveIdentities(graph);
    const m = await memberships();
    expect(m.get(entraKey('e1'))).toMatchObject({ person: m.get(oktaKey('00u1'))?.person, matchedBy: 'immutableId' });
    expect(m.get(entraKey('e2'))).toMatchObject({ person: m.get(oktaKey('00u9'))?.person, matchedBy: 'immutableId' });
    expect(m.get(oktaKey('00u3'))?.matchedBy).toBe('self');
  });

  it('keeps person ids across re-resolution, merges into the older id and splits to the larger part', async () => {
    await seedEntraUsers(graph, [
      { id: 'e1', upn: 'frank@acme.com' },
      { id: 'e2', upn: 'frank.admin@acme.com' },
    ]);
    await seedOktaUsers(graph, [
      { id: '00u1', login: 'frank@acme.com' },
      { id: '00u2', login: 'fk@acme.com', email: 'frank@acme.com' },
    ]);
    await resolveIdentities(graph);
    const frank = await personOf(entraKey('e1'));
    const admin = await personOf(entraKey('e2'));
    expect(frank).not.toBe(admin);

    // Nothing changed: same ids, nothing written (a write batch is a statement: the same count twice, and the
    // facts wrote nothing).
    const statements = async (): Promise<number> => {
      const counter = new QueryCounter();
      const pass = await withQueryCounter(counter, () => serialized(graph, () => enrichPass(graph, { whole: true })));
      expect(pass.facts).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
      return counter.count;
    };
    const unchanged = await statements();
    expect(await statements()).toBe(unchanged);
    await resolveIdentities(graph);
    expect(await personOf(entraKey('e1'))).toBe(frank);
    expect(await personOf(entraKey('e2'))).toBe(admin);

    // The admin account gains frank's mail: merge, the older person (frank, created first... or admin) keeps its id.
    await graph.write('MATCH (p:Person {id: $id}) SET p.createdAt = $t', { id: admin, t: '2020-01-01T00:00:00.000Z' });
    await setProps(entraKey('e2'), { email: 'frank@acme.com', emailNorm: 'frank@acme.com' });
    await resolveIdentities(graph);
    for (const k of [entraKey('e1'), entraKey('e2'), oktaKey('00u1'), oktaKey('00u2')]) expect(await personOf(k)).toBe(admin);
    expect((await graph.read('MATCH (p:Person {id: $id}) RETURN p', { id: frank })).length).toBe(0);

    // Split: the admin account drops the mail again; the part with 3 accounts keeps the id.
    await setProps(entraKey('e2'), { email: null, emailNorm: null });
    await resolveIdentities(graph);
    expect(await personOf(entraKey('e1'))).toBe(admin);
    expect(await personOf(oktaKey('00u2'))).toBe(admin);
    const split = await personOf(entraKey('e2'));
    expect(split).not.toBe(admin);
    expect(split).not.toBe(frank);
  });

  it('deletes people whose accounts are gone and people never hold two accounts twice', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'gina@acme.com' }]);
    await seedOktaUsers(graph, [{ id: '00u1', login: 'gone@acme.com' }]);
    await resolveIdentities(graph);
    await graph.write('MATCH (a:Account {key: $key}) DETACH DELETE a', { key: oktaKey('00u1') });
    expect(await resolveIdentities(graph)).toEqual({ people: 1, accounts: 1 });
    const [row] = await graph.read<{ people: number; edges: number }>(
      'MATCH (p:Person) OPTIONAL MATCH (p)-[h:HAS_ACCOUNT]->() RETURN count(DISTINCT p) AS people, count(h) AS edges',
    );
    expect(row).toEqual({ people: 1, edges: 1 });
  });

  it('runs concurrent resolutions one at a time', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'hal@acme.com' }]);
    await seedOktaUsers(graph, [{ id: '00u1', login: 'hal@acme.com' }]);
    await Promise.all([resolveIdentities(graph), resolveIdentities(graph), resolveIdentities(graph)]);
    const [row] = await graph.read<{ n: number }>('MATCH (p:Person) RETURN count(p) AS n');
    expect(row?.n).toBe(1);
  });
});

describe('link and unlink overrides', () => {
  it('links accounts into one VERIFIED person that survives re-resolution', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'ivan@acme.com', displayName: 'Ivan' }]);
    await seedOktaUsers(graph, [{ id: '00u1', login: 'ivan.p@gmail.com', displayName: 'Ivan P' }]);
    await resolveIdentities(graph);
    const before = await personOf(entraKey('e1'));
    // Both people were created by the same pass: make the Entra one the older.
    await graph.write("MATCH (p:Person {id: $id}) SET p.createdAt = '2020-01-01T00:00:00.000Z'", { id: before });

    const p = await linkAccounts(graph, [oktaKey('00u1'), entraKey('e1'), entraKey('e1')]);
    expect(p).toEqual({
      id: before,
      displayName: 'Ivan',
      emails: ['ivan.p@gmail.com', 'ivan@acme.com'],
      confidence: 'VERIFIED',
      lastActivityAt: null,
    });
    expect(await personOf(oktaKey('00u1'))).toBe(before);
    expect((await memberships()).get(oktaKey('00u1'))?.matchedBy).toBe('manual');

    await resolveIdentities(graph);
    expect(await personOf(oktaKey('00u1'))).toBe(before);
    expect((await person(before)).confidence).toBe('VERIFIED');
  });

  it('unlinks an account out of its person, even against a shared identifier, across re-resolution', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'jane@acme.com', displayName: 'Jane' }]);
    await seedOktaUsers(graph, [
      { id: '00u1', login: 'jane@acme.com', displayName: 'Jane O' },
      { id: '00u2', login: 'jdoe@acme.com', email: 'jane@acme.com', displayName: 'J Doe' },
    ]);
    await resolveIdentities(graph);
    const jane = await personOf(entraKey('e1'));

    const own = await unlinkAccounts(graph, oktaKey('00u2'));
    expect(own).toMatchObject({ displayName: 'J Doe', confidence: 'VERIFIED' });
    expect(own.id).not.toBe(jane);
    expect(await person(jane)).toMatchObject({ displayName: 'Jane', accountCount: 2 });

    await resolveIdentities(graph);
    expect(await personOf(oktaKey('00u2'))).toBe(own.id);
    expect(await personOf(oktaKey('00u1'))).toBe(jane);

    // Linking it back cancels the unlink.
    const back = await linkAccounts(graph, [oktaKey('00u2'), entraKey('e1')]);
    expect(back.id).toBe(jane);
    expect(await personOf(oktaKey('00u1'))).toBe(jane);
    const [links] = await graph.read<{ kinds: string[] }>('MATCH (l:AccountLink) RETURN collect(l.kind) AS kinds');
    expect(links?.kinds).toEqual(['link']);

    // Unlinking a linked account removes it from the link too.
    await unlinkAccounts(graph, oktaKey('00u2'));
    const [after] = await graph.read<{ kinds: string[] }>('MATCH (l:AccountLink) RETURN collect(l.kind) AS kinds');
    expect(after?.kinds).toEqual(['unlink']);
    expect(await personOf(oktaKey('00u2'))).not.toBe(jane);
  });

  it('rejects unknown accounts and single-account links', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'kim@acme.com' }]);
    await expect(linkAccounts(graph, [entraKey('e1')])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(linkAccounts(graph, [entraKey('e1'), 'entra:nope'])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(unlinkAccounts(graph, 'okta:nope')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('repair', () => {
  it('rewrites an account that two people hold', async () => {
    await seedEntraUsers(graph, [{ id: 'e1', upn: 'lee@acme.com' }]);
    await resolveIdentities(graph);
    await graph.write(
      "MATCH (a:Account {key: $key}) CREATE (:Person {id: 'stray', key: 'stray', createdAt: '2030-01-01T00:00:00.000Z'})-[:HAS_ACCOUNT {matchedBy: 'self'}]->(a)",
      { key: entraKey('e1') },
    );
    await resolveIdentities(graph);
    const [row] = await graph.read<{ people: string[] }>('MATCH (p:Person)-[:HAS_ACCOUNT]->(:Account {key: $key}) RETURN collect(p.id) AS people', {
      key: entraKey('e1'),
    });
    expect(row?.people).toHaveLength(1);
    expect(row?.people).not.toContain('stray');
  });
});
