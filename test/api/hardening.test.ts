/**
 * Hardening over real HTTP: named keys and the audit trail, roles as the contract says, client mistakes
 * answered as client mistakes, production behaviour of the HTTP layer, open mode safe from DNS
 * rebinding, and encryption key rotation across a restart.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { IntegrationConfigStore } from '../../src/integrations/config-store.js';
import { SecretBox } from '../../src/secrets/cipher.js';
import { loadConfig } from '../../src/config.js';
import { createGraph } from '../../src/neo4j/driver.js';
import { TwinError } from '../../src/errors.js';

const ADMIN = 'admin-key-0123456789abcdef';
const ANALYST = 'analyst-key-0123456789abcdef';
const KEYS = `ops-alice:admin:${ADMIN},nb-bob:analyst:${ANALYST}`;
const ENTRA_INPUT = { tenantId: '3f1c9a52-7d4e-4b8a-9c21-5e0d7a6b1f90', clientId: '3f1c9a52-7d4e-4b8a-9c21-5e0d7a6b1f91', clientSecret: 'very-s3cret-value' };
const CONFIGURE = 'mutation Configure($input: EntraIdConfigInput!) { configureEntraId(input: $input) { configured credentialSet } }';
const AUDIT = '{ auditEvents(first: 10) { totalCount events { keyName role fields arguments outcome errorCodes operation } } }';

type Errors = Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }>;

/** A raw HTTP request, so Host and bodies can be anything a client (or an attacker) sends. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; path?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: opts.path ?? u.pathname, method: opts.method ?? 'POST', headers: opts.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

let graph: Graph;
let t: TestApp;

beforeAll(async () => {
  graph = await testGraph();
  t = await startTestApp({ TWIN_API_KEYS: KEYS });
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

describe('named keys and the audit trail', () => {
  it('records who ran each mutation, with secrets redacted, and lets only admins read it', async () => {
    const ok = await t.gql<{ configureEntraId: { configured: boolean } }, unknown>(CONFIGURE, { input: ENTRA_INPUT }, ADMIN);
    expect(ok.errors).toBeUndefined();
    const refused = await t.gql(CONFIGURE, { input: ENTRA_INPUT }, ANALYST);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const audit = await t.gql<{ auditEvents: { totalCount: number; events: Array<{ keyName: string; role: string; fields: string[]; arguments: string; outcome: string; errorCodes: string[] }> } }, unknown>(AUDIT, {}, ADMIN);
    expect(audit.errors).toBeUndefined();
    const events = audit.data?.auditEvents.events ?? [];
    // A refused request is logged with its key's name; only mutations that ran leave an audit record.
    expect(events.map((e) => [e.keyName, e.role, e.fields, e.outcome])).toEqual([['ops-alice', 'admin', ['configureEntraId'], 'SUCCEEDED']]);
    for (const e of events) {
      expect(e.arguments).not.toContain('very-s3cret-value');
      expect(e.arguments).toContain('[redacted]');
      expect(e.arguments).toContain(ENTRA_INPUT.tenantId);
    }
    const asAnalyst = await t.gql(AUDIT, {}, ANALYST);
    expect(asAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a mutation whose audit record cannot be written, and changes nothing', async () => {
    // Make the next AuditEvent write of this key fail, as a full or read-only database would: a uniqueness
    // constraint on the key name, already taken by the records above.
    await graph.write("MATCH (e:AuditEvent {keyName: 'ops-alice'}) WITH e SKIP 1 DETACH DELETE e");
    await graph.write('CREATE CONSTRAINT audit_block IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.keyName IS UNIQUE');
    try {
      const r = await t.gql(CONFIGURE, { input: { ...ENTRA_INPUT, clientId: '3f1c9a52-7d4e-4b8a-9c21-5e0d7a6b1f99' } }, ADMIN);
      expect(r.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      const stored = await graph.read<{ clientId: string }>("MATCH (c:IntegrationConfig {source: 'ENTRA_ID'}) RETURN c.clientId AS clientId");
      expect(stored[0]?.clientId).toBe(ENTRA_INPUT.clientId);
    } finally {
      await graph.write('DROP CONSTRAINT audit_block IF EXISTS');
    }
  });
});

describe('roles as the contract says', () => {
  it('lets an analyst make the analyst corrections (link and unlink), and no other mutation', async () => {
    const link = await t.gql('mutation { linkAccounts(accountIds: ["entra:x:1", "okta:y:2"]) { id } }', {}, ANALYST);
    expect(link.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');
    const mixed = await t.gql('mutation { unlinkAccounts(accountId: "entra:x:1") { id } testEntraIdConnection { ok } }', {}, ANALYST);
    expect(mixed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mixed.errors?.[0]?.message).toContain('testEntraIdConnection');
  });
});

describe('client mistakes are client errors', () => {
  it('answers a variable of the wrong type with BAD_USER_INPUT, not INTERNAL', async () => {
    const r = await t.gql('query($n: Int!) { people(first: $n) { totalCount } }', { n: 'many' }, ADMIN);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.statements).toBe(0);
  });

  it('answers an unknown operationName with BAD_USER_INPUT, not FORBIDDEN', async () => {
    const res = await fetch(t.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ANALYST}` },
      body: JSON.stringify({ query: 'query A { entraIdStatus { configured } }', operationName: 'B' }),
    });
    const body = (await res.json()) as { errors?: Errors };
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the HTTP layer in production shape', () => {
  it('answers malformed JSON, an oversized body and a refused key without stack traces or paths', async () => {
    const malformed = await raw(t.app.url, { headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const big = await raw(t.app.url, { headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query: `{ entraIdStatus { configured } }${' '.repeat(10 * 1024 * 1024)}` }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const unauth = await raw(t.app.url, { headers: { 'content-type': 'application/json', authorization: 'Bearer nope-nope-nope-nope' }, body: JSON.stringify({ query: '{ entraIdStatus { configured } }' }) });
    for (const r of [malformed, big, unauth]) {
      expect(r.body).not.toMatch(/node_modules|\/src\/|at [A-Za-z.]+ \(|stacktrace/);
    }
  });

  it('refuses a mutation sent with GET and a simple (CSRF-able) POST', async () => {
    const get = await raw(t.app.url, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('mutation { testEntraIdConnection { ok } }')}`,
      headers: { authorization: `Bearer ${ADMIN}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);
    const simple = await raw(t.app.url, { headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query: '{ entraIdStatus { configured } }' }) });
    expect(simple.status).toBe(400);
    expect(simple.body).not.toContain('"data"');
  });

  it('serves no landing page without a key, and introspection only to key holders', async () => {
    const page = await raw(t.app.url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.body).not.toMatch(/<html/i);
    const anonymous = await t.gql('{ __schema { queryType { name } } }', {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const holder = await t.gql<{ __schema: { queryType: { name: string } } }, unknown>('{ __schema { queryType { name } } }', {}, ANALYST);
    expect(holder.data?.__schema.queryType.name).toBe('Query');
  });

  it('turns introspection off with TWIN_INTROSPECTION=false', async () => {
    const closed = await startTestApp({ TWIN_API_KEYS: KEYS, TWIN_INTROSPECTION: 'false' });
    try {
      const r = await closed.gql('{ __schema { queryType { name } } }', {}, ADMIN);
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await closed.close();
    }
  });
});

describe('the posture once per operation', () => {
  it('refuses two identityPosture fields in one operation (aliases or fragments) before any Cypher', async () => {
    const aliased = await t.gql('{ a: identityPosture { asOf } b: identityPosture { asOf } }', {}, ANALYST);
    expect(aliased.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(aliased.statements).toBe(0);
    const viaFragment = await t.gql('query { identityPosture { asOf } ...P } fragment P on Query { again: identityPosture { asOf } }', {}, ANALYST);
    expect(viaFragment.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('request budget per key', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a key spent its budget, without touching other keys', async () => {
    const limited = await startTestApp({ TWIN_API_KEYS: KEYS, TWIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const ask = (key: string) =>
        fetch(limited.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ entraIdStatus { configured } }' }) });
      for (let i = 0; i < 3; i += 1) expect((await ask(ADMIN)).status).toBe(200);
      const over = await ask(ADMIN);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await over.json()) as { errors: Errors }).errors[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(over.headers.get('x-cypher-statements')).toBe('0');
      expect((await ask(ANALYST)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('bounded reads', () => {
  it('ends a read that runs past TWIN_QUERY_TIMEOUT_MS with QUERY_TIMEOUT, and the database keeps answering', async () => {
    const config = loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1', TWIN_QUERY_TIMEOUT_MS: '200' });
    const bounded = createGraph(config.neo4j, config.queryTimeoutMs);
    try {
      const started = Date.now();
      const err = await bounded.read('UNWIND range(1, 2000000000) AS x RETURN count(x) AS n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TwinError);
      expect((err as TwinError).code).toBe('QUERY_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await bounded.read<{ ok: number }>('RETURN 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await bounded.close();
    }
  });
});

describe('open access (no keys) on loopback', () => {
  it('answers loopback Host names and refuses any other with 403 (DNS rebinding)', async () => {
    const open = await startTestApp({ TWIN_API_KEYS: undefined });
    try {
      const port = new URL(open.app.url).port;
      const body = JSON.stringify({ query: '{ entraIdStatus { configured } }' });
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
        const r = await raw(open.app.url, { headers: { host, 'content-type': 'application/json' }, body });
        expect(r.status, host).toBe(200);
      }
      for (const host of [`evil.example:${port}`, 'attacker.test', `127.0.0.1.evil.example:${port}`]) {
        const r = await raw(open.app.url, { headers: { host, 'content-type': 'application/json' }, body });
        expect(r.status, host).toBe(403);
        expect(JSON.parse(r.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
      }
    } finally {
      await open.close();
    }
  });
});

describe('encryption key rotation', () => {
  it('re-seals stored credentials under the new key at start-up, without re-entering them', async () => {
    const oldKey = Buffer.alloc(32, 3).toString('base64');
    const newKey = Buffer.alloc(32, 4).toString('base64');
    const before = await startTestApp({ TWIN_API_KEYS: KEYS, TWIN_ENCRYPTION_KEY: oldKey });
    await before.gql(CONFIGURE, { input: ENTRA_INPUT }, ADMIN);
    await before.close();
    const sealedBefore = (await graph.read<{ c: string }>("MATCH (c:IntegrationConfig {source: 'ENTRA_ID'}) RETURN c.credentials AS c"))[0]?.c;

    const after = await startTestApp({ TWIN_API_KEYS: KEYS, TWIN_ENCRYPTION_KEY: newKey, TWIN_ENCRYPTION_KEY_PREVIOUS: oldKey });
    await after.close();
    const sealedAfter = (await graph.read<{ c: string }>("MATCH (c:IntegrationConfig {source: 'ENTRA_ID'}) RETURN c.credentials AS c"))[0]?.c;
    expect(sealedAfter).not.toBe(sealedBefore);

    // The new key alone now opens them: the previous key can be retired.
    const store = new IntegrationConfigStore(graph, new SecretBox(Buffer.from(newKey, 'base64')));
    expect(await store.credentials('ENTRA_ID')).toEqual({ clientSecret: ENTRA_INPUT.clientSecret });
  });
});
