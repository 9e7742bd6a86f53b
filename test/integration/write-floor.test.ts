/**
 * The benchmark's Neo4j write floor (bench/write-floor.ts): it replays exactly one provider's nodes and
 * relationships, and leaves the twin as it found it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/neo4j/driver.js';
import { measureWriteFloor, measureWriteFloorBeside } from '../../bench/write-floor.js';
import { testGraph } from '../support/neo4j.js';
import { loadConfig } from '../../src/config.js';

/** The tests' Neo4j, for the floor's child process. */
const neo4jUri = (): string => loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j.uri;

let graph: Graph;

beforeAll(async () => {
  graph = await testGraph();
  await graph.write(
    `CREATE (a:Account:EntraUser {key: 'entra:t:a', integration: 'entra', login: 'a@x', mfaMethods: ['FIDO2'], active: true})
     CREATE (b:Account:EntraUser {key: 'entra:t:b', integration: 'entra', login: 'b@x', mfaMethods: []})
     CREATE (g:Group {key: 'entra:t:g', integration: 'entra', displayName: 'Admins'})
     CREATE (o:Account:OktaUser {key: 'okta:o:u', integration: 'okta', login: 'a@x'})
     CREATE (p:Person {key: 'p1', id: 'p1'})
     CREATE (a)-[:MEMBER_OF {integration: 'entra', runId: 'r'}]->(g)
     CREATE (b)-[:MEMBER_OF {integration: 'entra', runId: 'r'}]->(g)
     CREATE (p)-[:HAS_ACCOUNT {matchedBy: 'login'}]->(a)
     CREATE (p)-[:HAS_ACCOUNT {matchedBy: 'login'}]->(o)`,
  );
});

afterAll(async () => {
  await graph.close();
});

describe('measureWriteFloor', () => {
  it("creates one provider's nodes and relationships again, counts what it created, and removes the copies", async () => {
    const counts = (): Promise<unknown[]> =>
      graph.read('CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels');
    const before = await counts();

    const entra = await measureWriteFloor(graph, 'entra');
    // Entra's two accounts and its group, its two memberships: not Okta's account, not the person or its edges.
    expect(entra).toMatchObject({ nodes: 3, relationships: 2 });
    expect(entra.ms).toBeGreaterThan(0);
    // Okta's account; its HAS_ACCOUNT edge is the twin's, not Okta's.
    expect(await measureWriteFloor(graph, 'okta')).toMatchObject({ nodes: 1, relationships: 0 });

    expect(entra.withFetch).toBeUndefined();

    // Beside other work (the bench's bare fetch), replayed by a process of its own: timed from the moment the
    // child has read its copies until both finished, however long the other work takes.
    let readyAt = 0;
    const beside = await measureWriteFloorBeside(neo4jUri(), 'entra', async () => {
      readyAt = performance.now();
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(readyAt).toBeGreaterThan(0);
    expect(beside.fetchMs).toBeGreaterThanOrEqual(295);
    expect(beside.ms).toBeGreaterThanOrEqual(beside.fetchMs);

    // The twin's own layer: the person and its two HAS_ACCOUNT edges (their accounts are bare scratch ends, not counted).
    expect(await measureWriteFloor(graph, 'twin')).toMatchObject({ nodes: 1, relationships: 2 });

    expect(await counts()).toEqual(before);
    expect(await graph.read(`MATCH (n:WriteFloor) RETURN n`)).toEqual([]);
    expect(await graph.read(`SHOW CONSTRAINTS YIELD name WHERE name = 'write_floor_key' RETURN name`)).toEqual([]);
  });
});
