/** Cost limits: every over-limit query is refused with a clear error before any Cypher runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';

let t: TestApp;

beforeAll(async () => {
  const graph = await testGraph();
  await graph.close();
  t = await startTestApp({ TWIN_MAX_PAGE_SIZE: '200' });
});
afterAll(async () => t?.close());

function nested(depth: number): string {
  let q = 'id';
  for (let i = 0; i < depth; i += 1) q = `accounts { person { ${q} } }`;
  return `{ people(first: 1) { edges { node { ${q} } } } }`;
}

describe('query limits', () => {
  it('caps first', async () => {
    const r = await t.gql('{ people(first: 201) { totalCount } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors?.[0]?.message).toMatch(/first must be from 0 to 200/);
    expect(r.statements).toBe(0);
  });

  it('caps first given through a variable', async () => {
    const r = await t.gql('query($n: Int!) { securityEvents(first: $n) { totalCount } }', { n: 5000 });
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.statements).toBe(0);
  });

  it('limits depth', async () => {
    const r = await t.gql(nested(8));
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors?.[0]?.message).toMatch(/depth/i);
    expect(r.statements).toBe(0);
  });

  it('limits aliases', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: entraIdStatus { configured }`).join(' ');
    const r = await t.gql(`{ ${aliases} }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.statements).toBe(0);
  });

  it('limits tokens', async () => {
    const fields = Array.from({ length: 2000 }, () => 'configured credentialSet').join(' ');
    const r = await t.gql(`{ entraIdStatus { ${fields} } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.statements).toBe(0);
  });

  it('limits complexity: nested lists multiply', async () => {
    const q = `{ people(first: 200) { edges { node { accounts { groups(transitive: true) { members { roles { role { holders { account { id } } } } } } } } } } }`;
    const r = await t.gql(q);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors?.[0]?.message).toMatch(/complexity/);
    expect(r.statements).toBe(0);
  });

  it('lets a reasonable query through', async () => {
    const r = await t.gql('{ people(first: 50) { totalCount edges { node { id accounts { id groups { id } } } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ people: { totalCount: 0 } });
  });

  it('checks staleAfterDays, limit, accountIds, hoursBack and search before any Cypher, with BAD_USER_INPUT', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ identityPosture(staleAfterDays: 0) { asOf } }', /^staleAfterDays must be from 1 to 3650$/],
      ['{ identityPosture(staleAfterDays: 3651) { asOf } }', /^staleAfterDays must be from 1 to 3650$/],
      ['{ postureHistory(limit: 1001) { asOf } }', /^limit must be from 1 to 1000$/],
      ['mutation { linkAccounts(accountIds: ["a"]) { id } }', /^give from 2 to 50 account ids to link$/],
      ['mutation { entraIdSync(hoursBack: 0) { id } }', /^hoursBack must be from 1 to 720 /],
      ['mutation { oktaSync(hoursBack: 721) { id } }', /^hoursBack must be from 1 to 720 /],
      [`{ people(search: "${'x'.repeat(201)}") { totalCount } }`, /^search must be at most 200 characters \(it has 201\)$/],
    ];
    for (const [query, message] of cases) {
      const r = await t.gql(query);
      expect(r.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message, query).toMatch(message);
      expect(r.statements, query).toBe(0);
    }
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    const r = await t.gql('{ people(after: "not-a-cursor") { totalCount } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
