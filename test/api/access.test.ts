/** Access rules over real HTTP: API keys, roles, and open access only on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ADMIN_KEY, ANALYST_KEY, startTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/neo4j.js';
import { ConfigureEntraDocument, EntraStatusDocument } from '../generated/operations.js';

let t: TestApp;

beforeAll(async () => {
  const graph = await testGraph();
  await graph.close();
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('API keys', () => {
  it('refuses a request without a key: UNAUTHENTICATED and no data', async () => {
    const r = await t.gql(EntraStatusDocument, {}, null);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.statements).toBe(0);
  });

  it('refuses a wrong key, including a prefix of a real one', async () => {
    for (const key of ['wrong-key-0123456789abcdef', ADMIN_KEY.slice(0, -1), `${ADMIN_KEY}x`]) {
      const r = await t.gql(EntraStatusDocument, {}, key);
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lets an analyst query', async () => {
    const r = await t.gql(EntraStatusDocument, {}, ANALYST_KEY);
    expect(r.errors).toBeUndefined();
    expect(r.data?.entraIdStatus).toMatchObject({ source: 'ENTRA_ID', configured: false, credentialSet: false });
  });

  it('forbids an analyst any mutation, before anything runs', async () => {
    const r = await t.gql(
      ConfigureEntraDocument,
      { input: { tenantId: '3f1c9a52-7d4e-4b8a-9c21-5e0d7a6b1f90', clientId: '3f1c9a52-7d4e-4b8a-9c21-5e0d7a6b1f91', clientSecret: 's3cret-value' } },
      ANALYST_KEY,
    );
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.statements).toBe(0);
    const status = await t.gql(EntraStatusDocument, {}, ADMIN_KEY);
    expect(status.data?.entraIdStatus.configured).toBe(false);
  });

  it('lets an admin mutate, and bad input gets BAD_USER_INPUT naming the field', async () => {
    const r = await t.gql(ConfigureEntraDocument, { input: { tenantId: 'not a tenant', clientId: 'x', clientSecret: 'y' } }, ADMIN_KEY);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/tenant/i);
  });
});

describe('open access', () => {
  it('is allowed on loopback without TWIN_API_KEYS', async () => {
    const open = await startTestApp({ TWIN_API_KEYS: undefined });
    try {
      const r = await open.gql(EntraStatusDocument, {}, null);
      expect(r.errors).toBeUndefined();
      expect(r.data?.entraIdStatus.source).toBe('ENTRA_ID');
    } finally {
      await open.close();
    }
  });

  it('is refused on any other address: the process does not start', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/TWIN_API_KEYS/);
    expect(() => loadConfig({ HOST: '0.0.0.0', TWIN_API_KEYS: `admin:${ADMIN_KEY}` })).not.toThrow();
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    const base = t.app.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
