/** Cost limits: every over-limit query is refused with a clear error before any Cypher runs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, getVariableValues, parse, type DocumentNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';
import { twinSchema } from '../../src/api/schema.js';
import { DEFAULT_LIMITS, complexityEstimators } from '../../src/api/limits.js';

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

  it('checks staleAfterDays, limit, accountIds and hoursBack before any Cypher, with BAD_USER_INPUT', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ identityPosture(staleAfterDays: 0) { asOf } }', /^staleAfterDays must be from 1 to 3650$/],
      ['{ identityPosture(staleAfterDays: 3651) { asOf } }', /^staleAfterDays must be from 1 to 3650$/],
      ['{ postureHistory(limit: 1001) { asOf } }', /^limit must be from 1 to 1000$/],
      ['mutation { linkAccounts(accountIds: ["a"]) { id } }', /^give from 2 to 50 account ids to link$/],
      ['mutation { entraIdSync(hoursBack: 0) { id } }', /^hoursBack must be from 1 to 720 /],
      ['mutation { oktaSync(hoursBack: 721) { id } }', /^hoursBack must be from 1 to 720 /],
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

const root = path.resolve(import.meta.dirname, '../..');

/** The cost estimate of every query of a document, at the default page cap, with `first: 100` wherever a variable takes it. */
async function prices(document: DocumentNode): Promise<Array<[string, number]>> {
  const schema = await twinSchema();
  const out: Array<[string, number]> = [];
  for (const op of document.definitions) {
    if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'query') continue;
    const inputs = { first: 100, offset: 0, limit: 30, staleAfterDays: 90, id: 'x', source: 'ENTRA_ID', externalId: 'x', minSeverity: 'LOW' };
    const wanted = new Set((op.variableDefinitions ?? []).map((v) => v.variable.name.value));
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], Object.fromEntries(Object.entries(inputs).filter(([k]) => wanted.has(k))));
    if (coerced.errors) throw new Error(`${op.name?.value}: ${coerced.errors[0]?.message}`);
    const name = op.name?.value ?? 'anonymous';
    out.push([name, getComplexity({ schema, query: document, variables: coerced.coerced, operationName: op.name?.value, estimators: complexityEstimators(500) })]);
  }
  return out;
}

describe('the cost estimate counts every list full', () => {
  it("lets through every query the console, the tests and the benchmark send, at a page of 100", async () => {
    // The benchmark's nested explorer query, as bench/run.ts sends it (with first 10, 50 and 100).
    const nested = /const NESTED = `([^`]+)`/.exec(readFileSync(path.join(root, 'bench/run.ts'), 'utf8'))?.[1];
    expect(nested, 'bench/run.ts defines NESTED').toBeDefined();
    const documents = [
      'test/operations/explorer.graphql', 'test/operations/posture.graphql', 'test/operations/admin.graphql', 'console/src/operations.graphql',
    ].map((f) => parse(readFileSync(path.join(root, f), 'utf8')));
    const priced = (await Promise.all([...documents, parse(`query Nested${(nested ?? '').replace(/^query/, '')}`)].map(prices))).flat();
    expect(priced.length).toBeGreaterThan(20);
    const over = priced.filter(([, cost]) => cost > DEFAULT_LIMITS.maxComplexity);
    expect(over, `over ${DEFAULT_LIMITS.maxComplexity}`).toEqual([]);
    // The explorer's widest query, 100 people with every edge at its default page, keeps room for a few more fields.
    const deep = priced.find(([name]) => name === 'PeopleDeep')?.[1] ?? Infinity;
    expect(deep).toBeLessThan(0.8 * DEFAULT_LIMITS.maxComplexity);
  });

  it('prices the fan-out attack of issue 12 far over the limit', async () => {
    const [[, cost] = ['', 0]] = await prices(parse('query Attack { account(source: ENTRA_ID, externalId: "x") { groups { members { groups { members { id } } } } } }'));
    expect(cost).toBeGreaterThan(10 * DEFAULT_LIMITS.maxComplexity);
  });
});
