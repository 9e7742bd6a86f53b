import { randomUUID } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Agent, fetch, request } from 'undici';
import type { Response } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_APP_IDS,
  EXAMPLE_GROUP_IDS,
  EXAMPLE_ORG_API_TOKEN,
  EXAMPLE_ORG_NO_LOGS_API_TOKEN,
  EXAMPLE_ORG_SCOPES,
  EXAMPLE_USER_IDS,
  exampleOrg,
} from '../../dev/simulators/okta/example-org.js';
import type { OktaOrgFixture, OktaUser } from '../../dev/simulators/okta/fixture.js';
import type { OktaSimulator } from '../../dev/simulators/okta/server.js';
import { startOktaSimulator } from '../../dev/simulators/okta/server.js';

const SSWS = { authorization: `SSWS ${EXAMPLE_ORG_API_TOKEN}` };
const BEARER_APP = '0oaBearerServiceApp1d7';
const DPOP_APP = '0oaDpopServiceApp001d7';
const USERS_ONLY_APP = '0oaUsersOnlyApp0001d7';
const KID = 'svc-key-2026';

let sim: OktaSimulator;
let agent: Agent;
let privateKey: CryptoKey;
let publicJwk: JWK;
let clockOffsetMs = 0;

function org(): OktaOrgFixture {
  const fixture = exampleOrg();
  fixture.serviceApps = [
    { clientId: BEARER_APP, publicJwks: [publicJwk], grantedScopes: EXAMPLE_ORG_SCOPES, requireDpop: false },
    { clientId: DPOP_APP, publicJwks: [publicJwk], grantedScopes: EXAMPLE_ORG_SCOPES, requireDpop: true },
    { clientId: USERS_ONLY_APP, publicJwks: [publicJwk], grantedScopes: ['okta.users.read'], requireDpop: false },
  ];
  return fixture;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  sim = await startOktaSimulator({ org: org(), clock: () => Date.now() + clockOffsetMs });
  agent = new Agent({ connect: { ca: sim.caCertPem } });
});

afterAll(async () => {
  await agent.close();
  await sim.close();
});

afterEach(() => {
  clockOffsetMs = 0;
  sim.reset();
});

function get(pathOrUrl: string, headers: Record<string, string> = SSWS): Promise<Response> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${sim.orgUrl}${pathOrUrl}`;
  return fetch(url, { dispatcher: agent, headers: { accept: 'application/json', ...headers } });
}

/** RFC 8288 enough for Okta: `<url>; rel="next"` entries, possibly joined with ", " by fetch. */
function nextLink(response: Response): string | undefined {
  const header = response.headers.get('link') ?? '';
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]+)>;\s*rel="next"/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}

async function collect<T>(path: string, headers: Record<string, string> = SSWS): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let url: string | undefined = path;
  while (url) {
    const response = await get(url, headers);
    expect(response.status).toBe(200);
    items.push(...((await response.json()) as T[]));
    pages += 1;
    url = nextLink(response);
  }
  return { items, pages };
}

async function assertion(options: { clientId?: string; aud?: string; exp?: number; jti?: string | null; kid?: string } = {}): Promise<string> {
  const clientId = options.clientId ?? BEARER_APP;
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(options.aud ?? sim.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + 300);
  if (options.jti !== null) jwt.setJti(options.jti ?? randomUUID());
  return jwt.sign(privateKey);
}

async function dpopProof(htm: string, htu: string, claims: { nonce?: string; ath?: string } = {}): Promise<string> {
  return new SignJWT({ htm, htu, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt', jwk: { kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e } })
    .setIssuedAt()
    .sign(privateKey);
}

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(sim.tokenUrl, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

async function clientCredentials(clientAssertion: string, scope = EXAMPLE_ORG_SCOPES.join(' '), headers: Record<string, string> = {}): Promise<Response> {
  return tokenRequest(
    {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    },
    headers,
  );
}

async function accessToken(clientId = BEARER_APP, scope?: string): Promise<string> {
  const response = await clientCredentials(await assertion({ clientId }), scope);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function sha256Base64Url(value: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(value).digest('base64url');
}

describe('Okta simulator: API tokens and errors', () => {
  it('accepts a valid SSWS token and answers with rate-limit and request-id headers', async () => {
    const response = await get('/api/v1/users');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-okta-request-id')).toMatch(/^\w+$/);
    expect(Number(response.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeGreaterThan(0);
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    // Epoch seconds, not milliseconds.
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(reset).toBeLessThan(Date.now() / 1000 + 3600);
    const users = (await response.json()) as OktaUser[];
    expect(users[0]?._links).toEqual({ self: { href: `${sim.orgUrl}/api/v1/users/${users[0]?.id}` } });
  });

  it('refuses a bad SSWS token with 401 E0000011 in Okta error shape', async () => {
    const response = await get('/api/v1/users', { authorization: 'SSWS not-a-token' });
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [] });
    expect(body.errorId).toMatch(/^oae/);
    expect(response.headers.get('x-rate-limit-remaining')).not.toBeNull();
  });

  it('gives 403 E0000006 when an API token lacks access', async () => {
    const response = await get('/api/v1/logs', { authorization: `SSWS ${EXAMPLE_ORG_NO_LOGS_API_TOKEN}` });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000006' });
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('404s with E0000007 for unknown users and factors of unknown users', async () => {
    for (const path of ['/api/v1/users/00uNoSuchUser0000001d7', '/api/v1/users/00uNoSuchUser0000001d7/factors']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ errorCode: 'E0000007' });
    }
  });

  it('requires the policy type', async () => {
    const response = await get('/api/v1/policies');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000001' });
    const signOn = (await (await get('/api/v1/policies?type=OKTA_SIGN_ON')).json()) as Array<{ id: string; type: string }>;
    expect(signOn.map((policy) => policy.type)).toEqual(['OKTA_SIGN_ON']);
    const rules = (await (await get(`/api/v1/policies/${signOn[0]?.id}/rules`)).json()) as Array<{ type: string; actions: { signon: { requireFactor: boolean } } }>;
    expect(rules.map((rule) => [rule.type, rule.actions.signon.requireFactor])).toEqual([
      ['SIGN_ON', true],
      ['SIGN_ON', false],
    ]);
  });
});

describe('Okta simulator: paging and data behaviour', () => {
  it('pages users through separate link header lines to the end, hiding DEPROVISIONED users', async () => {
    const first = await request(`${sim.orgUrl}/api/v1/users?limit=5`, { dispatcher: agent, headers: SSWS });
    const lines = first.headers.link;
    await first.body.dump();
    expect(Array.isArray(lines)).toBe(true);
    expect(lines).toHaveLength(2);
    expect((lines as string[])[0]).toBe(`<${sim.orgUrl}/api/v1/users?limit=5>; rel="self"`);
    expect((lines as string[])[1]).toMatch(/rel="next"$/);

    const { items, pages } = await collect<OktaUser>('/api/v1/users?limit=5');
    const fixture = exampleOrg();
    const visible = fixture.users.filter((user) => user.status !== 'DEPROVISIONED');
    expect(items.map((user) => user.id)).toEqual(visible.map((user) => user.id));
    expect(pages).toBe(Math.ceil(visible.length / 5));
    expect(items.some((user) => user.id === EXAMPLE_USER_IDS.liam)).toBe(false);
  });

  it('caps limit at 200 and shows DEPROVISIONED users to search and filter', async () => {
    const capped = await get('/api/v1/users?limit=5000');
    expect(nextLink(capped)).toBeUndefined();
    const deprovisioned = (await (await get(`/api/v1/users?search=${encodeURIComponent('status eq "DEPROVISIONED"')}`)).json()) as OktaUser[];
    expect(deprovisioned.map((user) => user.id)).toEqual([EXAMPLE_USER_IDS.liam]);
    const byLogin = (await (await get(`/api/v1/users?filter=${encodeURIComponent('profile.login eq "LIAM.OCONNOR@acme-corp.com"')}`)).json()) as OktaUser[];
    expect(byLogin.map((user) => user.id)).toEqual([EXAMPLE_USER_IDS.liam]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = (await (await get(`/api/v1/users?filter=${encodeURIComponent(`lastUpdated gt "${future}"`)}`)).json()) as OktaUser[];
    expect(none).toEqual([]);
    const bad = await get(`/api/v1/users?filter=${encodeURIComponent('profile.department eq "IT"')}`);
    expect(bad.status).toBe(400);
  });

  it('serves factors, inherited roles, group stats, admin assignees and office365 app users', async () => {
    const factors = (await (await get(`/api/v1/users/${EXAMPLE_USER_IDS.maria}/factors`)).json()) as Array<{ factorType: string }>;
    expect(factors.map((factor) => factor.factorType)).toContain('signed_nonce');

    const roles = (await (await get(`/api/v1/users/${EXAMPLE_USER_IDS.james}/roles`)).json()) as Array<{
      type: string;
      assignmentType: string;
      _links: { assignee: { href: string } };
    }>;
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ type: 'ORG_ADMIN', assignmentType: 'GROUP' });
    expect(roles[0]?._links.assignee.href).toBe(`${sim.orgUrl}/api/v1/groups/${EXAMPLE_GROUP_IDS.oktaAdmins}`);

    const groups = (await (await get('/api/v1/groups?expand=stats')).json()) as Array<{
      id: string;
      type: string;
      _embedded: { stats: { hasAdminPrivlege: boolean; usersCount: number } };
    }>;
    const admins = groups.find((group) => group.id === EXAMPLE_GROUP_IDS.oktaAdmins);
    expect(admins?._embedded.stats).toMatchObject({ hasAdminPrivlege: true, usersCount: 2 });
    expect(groups.find((group) => group.type === 'BUILT_IN')?._embedded.stats.hasAdminPrivlege).toBe(false);

    const assignees: string[] = [];
    let next: string | undefined = '/api/v1/iam/assignees/users?limit=2';
    while (next) {
      const response = await get(next);
      expect(response.headers.get('link')).toBeNull();
      const body = (await response.json()) as { value: Array<{ id: string }>; _links: { next?: { href: string } } };
      assignees.push(...body.value.map((entry) => entry.id));
      next = body._links.next?.href;
    }
    expect(new Set(assignees)).toEqual(
      new Set([EXAMPLE_USER_IDS.maria, EXAMPLE_USER_IDS.james, EXAMPLE_USER_IDS.priya, EXAMPLE_USER_IDS.tom, EXAMPLE_USER_IDS.liam]),
    );

    const apps = (await (await get(`/api/v1/apps?filter=${encodeURIComponent('name eq "office365"')}`)).json()) as Array<{
      id: string;
      signOnMode: string;
      settings: { app: { msftTenant: string } };
    }>;
    expect(apps).toHaveLength(1);
    const active = (await (await get(`/api/v1/apps?limit=200&filter=${encodeURIComponent('status eq "ACTIVE"')}`)).json()) as Array<{ status: string }>;
    expect(active.length).toBe(exampleOrg().apps.filter((app) => app.status === 'ACTIVE').length);
    const firstApps = await get('/api/v1/apps?limit=3');
    expect(nextLink(firstApps)).toContain('limit=3');
    expect(apps[0]).toMatchObject({ id: EXAMPLE_APP_IDS.office365, signOnMode: 'SAML_1_1', settings: { app: { msftTenant: 'acmecorp' } } });
    const appUsers = (await (await get(`/api/v1/apps/${EXAMPLE_APP_IDS.office365}/users?expand=user`)).json()) as Array<{
      id: string;
      profile: { immutableId: string };
      _embedded: { user: OktaUser };
    }>;
    const priya = appUsers.find((appUser) => appUser.id === EXAMPLE_USER_IDS.priya);
    expect(priya?.profile.immutableId).toBe(EXAMPLE_USER_IDS.priya);
    expect(priya?._embedded.user.profile.login).toBe('priya.patel@acme-corp.com');
  });

  it('pages a large org by cursor without scanning it', async () => {
    const big = exampleOrg();
    const template = big.users[0] as OktaUser;
    big.users = Array.from({ length: 50_000 }, (_, index) => ({
      ...template,
      id: `00u${String(index).padStart(14, '0')}1d7`,
      profile: { ...template.profile, login: `user${index}@acme-corp.com`, email: `user${index}@acme-corp.com` },
    }));
    sim.setOrg(big);
    try {
      const started = Date.now();
      const page = (await (await get('/api/v1/users?after=00u000000000299991d7&limit=200')).json()) as OktaUser[];
      expect(page[0]?.id).toBe('00u000000000300001d7');
      expect(page).toHaveLength(200);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      sim.setOrg(org());
    }
  });
});

describe('Okta simulator: rate limits and faults', () => {
  it('counts factors in the users bucket and answers 429 E0000047 when it is exhausted', async () => {
    sim.setRateLimits({ users: { limit: 3 } });
    expect((await get('/api/v1/users')).status).toBe(200);
    expect((await get(`/api/v1/users/${EXAMPLE_USER_IDS.maria}/factors`)).status).toBe(200);
    const last = await get(`/api/v1/users/${EXAMPLE_USER_IDS.james}/factors`);
    expect(last.headers.get('x-rate-limit-remaining')).toBe('0');
    const limited = await get('/api/v1/users');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(limited.headers.get('x-rate-limit-limit')).toBe('3');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    // Other families have their own budget.
    expect((await get('/api/v1/groups')).status).toBe(200);
    // reset() restores the limits the simulator started with.
    sim.reset();
    expect((await get('/api/v1/users')).headers.get('x-rate-limit-limit')).not.toBe('3');
  });

  it('injects 429s with a near reset, statuses, malformed bodies and dropped connections', async () => {
    sim.faults.rateLimit({ path: '/api/v1/groups', times: 1, resetSeconds: 3 });
    const limited = await get('/api/v1/groups');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset - Math.ceil(Date.now() / 1000)).toBeGreaterThanOrEqual(2);
    expect(reset - Math.ceil(Date.now() / 1000)).toBeLessThanOrEqual(3);
    expect((await get('/api/v1/groups')).status).toBe(200);

    sim.faults.status({ path: /^\/api\/v1\/apps$/, status: 500, errorCode: 'E0000009', times: 1, afterRequests: 1 });
    expect((await get('/api/v1/apps')).status).toBe(200);
    const failed = await get('/api/v1/apps');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ errorCode: 'E0000009' });
    expect((await get('/api/v1/apps')).status).toBe(200);

    sim.faults.malformed({ path: '/api/v1/policies', times: 1 });
    const malformed = await get('/api/v1/policies?type=MFA_ENROLL');
    await expect(malformed.json()).rejects.toThrow();

    sim.faults.dropConnection({ path: '/api/v1/logs', times: 1 });
    await expect(get('/api/v1/logs')).rejects.toThrow();

    expect(sim.requests('/api/v1/apps').map((entry) => entry.status)).toEqual([200, 500, 200]);
    expect(sim.stats.byPath.get('/api/v1/groups')).toBe(2);
  });

  it('deletes a user after the given number of requests', async () => {
    sim.faults.deleteUser(EXAMPLE_USER_IDS.priya, 1);
    expect((await get(`/api/v1/users/${EXAMPLE_USER_IDS.priya}/factors`)).status).toBe(200);
    expect((await get(`/api/v1/users/${EXAMPLE_USER_IDS.priya}/factors`)).status).toBe(404);
    const users = (await (await get('/api/v1/users')).json()) as OktaUser[];
    expect(users.some((user) => user.id === EXAMPLE_USER_IDS.priya)).toBe(false);
    sim.reset();
    expect((await get(`/api/v1/users/${EXAMPLE_USER_IDS.priya}`)).status).toBe(200);
  });
});

describe('Okta simulator: OAuth service apps', () => {
  async function tokenError(response: Response): Promise<{ status: number; error: string }> {
    const body = (await response.json()) as { error: string };
    return { status: response.status, error: body.error };
  }

  it('issues a Bearer token for a valid private_key_jwt assertion and accepts it on the API', async () => {
    const response = await clientCredentials(await assertion(), 'okta.users.read okta.groups.read');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token_type: string; expires_in: number; access_token: string; scope: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.read' });
    expect((await get('/api/v1/users', { authorization: `Bearer ${body.access_token}` })).status).toBe(200);
  });

  it('refuses a bad audience, an expired or far-future assertion, a wrong kid and ungranted scopes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = async (response: Response, status: number, error: string, why: RegExp): Promise<void> => {
      const body = (await response.json()) as { error: string; error_description: string };
      expect({ status: response.status, error: body.error }).toEqual({ status, error });
      expect(body.error_description).toMatch(why);
    };
    await refused(await clientCredentials(await assertion({ aud: `${sim.orgUrl}/oauth2/default/v1/token` })), 401, 'invalid_client', /audience/);
    await refused(await clientCredentials(await assertion({ exp: now - 10 })), 401, 'invalid_client', /expired/);
    await refused(await clientCredentials(await assertion({ exp: now + 7200 })), 401, 'invalid_client', /too far/);
    await refused(await clientCredentials(await assertion({ kid: 'some-other-key' })), 401, 'invalid_client', /kid/);
    await refused(
      await clientCredentials(await assertion({ clientId: USERS_ONLY_APP }), 'okta.users.read okta.logs.read'),
      400,
      'invalid_scope',
      /okta\.logs\.read/,
    );
    await refused(
      await tokenRequest({ grant_type: 'client_credentials', scope: 'okta.users.read', client_secret: 'nope' }),
      401,
      'invalid_client',
      /Client authentication failed/,
    );
  });

  it('refuses a replayed jti', async () => {
    const replayed = await assertion();
    expect((await clientCredentials(replayed)).status).toBe(200);
    const again = await clientCredentials(replayed);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/already been used/) });
  });

  it('answers insufficient_scope with a www-authenticate challenge and an E0000006 body', async () => {
    const token = await accessToken(USERS_ONLY_APP, 'okta.users.read');
    const response = await get('/api/v1/logs', { authorization: `Bearer ${token}` });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="okta.logs.read"');
    expect(challenge).toContain('resource="/api/v1/logs"');
    expect(await response.json()).toMatchObject({ errorCode: 'E0000006' });
  });

  it('rejects garbage, expired and revoked tokens with 401 E0000011', async () => {
    const garbage = await get('/api/v1/users', { authorization: 'Bearer eyJnot.a.token' });
    expect(garbage.status).toBe(401);
    expect(await garbage.json()).toMatchObject({ errorCode: 'E0000011' });

    const token = await accessToken();
    clockOffsetMs = 3601_000;
    expect((await get('/api/v1/users', { authorization: `Bearer ${token}` })).status).toBe(401);
    clockOffsetMs = 0;

    expect((await get('/api/v1/users', { authorization: `Bearer ${token}` })).status).toBe(200);
    sim.faults.revokeToken();
    expect((await get('/api/v1/users', { authorization: `Bearer ${token}` })).status).toBe(401);
    // A fresh token works again: what a connector's re-fetch-once-on-401 relies on.
    expect((await get('/api/v1/users', { authorization: `Bearer ${await accessToken()}` })).status).toBe(200);
  });

  it('runs the DPoP nonce dance and checks proofs on API calls', async () => {
    const scope = 'okta.users.read';
    const missing = await clientCredentials(await assertion({ clientId: DPOP_APP }), scope);
    expect(await tokenError(missing)).toEqual({ status: 400, error: 'invalid_dpop_proof' });

    const noNonce = await clientCredentials(await assertion({ clientId: DPOP_APP }), scope, { dpop: await dpopProof('POST', sim.tokenUrl) });
    const nonce = noNonce.headers.get('dpop-nonce');
    expect(await tokenError(noNonce)).toEqual({ status: 400, error: 'use_dpop_nonce' });
    expect(nonce).toBeTruthy();

    const granted = await clientCredentials(await assertion({ clientId: DPOP_APP }), scope, {
      dpop: await dpopProof('POST', sim.tokenUrl, { nonce: nonce ?? '' }),
    });
    expect(granted.status).toBe(200);
    const { access_token: token, token_type: tokenType } = (await granted.json()) as { access_token: string; token_type: string };
    expect(tokenType).toBe('DPoP');

    const htu = `${sim.orgUrl}/api/v1/users`;
    const ath = await sha256Base64Url(token);
    const ok = await get('/api/v1/users?limit=2', { authorization: `DPoP ${token}`, dpop: await dpopProof('GET', htu, { ath }) });
    expect(ok.status).toBe(200);

    const withoutProof = await get('/api/v1/users', { authorization: `DPoP ${token}` });
    expect(withoutProof.status).toBe(400);
    const wrongHtu = await get('/api/v1/users', { authorization: `DPoP ${token}`, dpop: await dpopProof('GET', `${htu}?limit=2`, { ath }) });
    expect(wrongHtu.status).toBe(400);
    expect(wrongHtu.headers.get('www-authenticate')).toContain('invalid_dpop_proof');
    const wrongAth = await get('/api/v1/users', { authorization: `DPoP ${token}`, dpop: await dpopProof('GET', htu, { ath: 'x' }) });
    expect(wrongAth.status).toBe(400);
    const asBearer = await get('/api/v1/users', { authorization: `Bearer ${token}` });
    expect(asBearer.status).toBe(400);
  });
});

describe('Okta simulator: System Log', () => {
  interface Event {
    uuid: string;
    published: string;
    eventType: string;
    version: string;
  }

  it('ends bounded queries and keeps a next link in polling mode, even on an empty page', async () => {
    const since = new Date(Date.now() - 4 * 24 * 3600_000).toISOString();
    const until = new Date(Date.now() + 1000).toISOString();
    const bounded = await collect<Event>(`/api/v1/logs?since=${since}&until=${until}&limit=5`);
    const total = exampleOrg().logs.length;
    expect(bounded.items).toHaveLength(total);
    expect(bounded.pages).toBe(Math.ceil(total / 5));
    const times = bounded.items.map((event) => Date.parse(event.published));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(bounded.items.every((event) => event.version === '0')).toBe(true);

    const seen: Event[] = [];
    let url = `/api/v1/logs?since=${since}&limit=5`;
    let emptyNext: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const response = await get(url);
      const events = (await response.json()) as Event[];
      const next = nextLink(response);
      expect(next).toBeDefined();
      seen.push(...events);
      if (events.length === 0) {
        emptyNext = next;
        break;
      }
      url = next ?? '';
    }
    expect(seen).toHaveLength(total);
    // Polling the stored link again is still empty and still has a next link.
    const again = await get(emptyNext ?? '');
    expect(await again.json()).toEqual([]);
    expect(nextLink(again)).toBeDefined();

    const descending = (await (await get(`/api/v1/logs?since=${since}&until=${until}&sortOrder=DESCENDING&limit=1000`)).json()) as Event[];
    expect(descending.map((event) => event.uuid)).toEqual([...bounded.items].reverse().map((event) => event.uuid));
  });

  it('filters, and refuses a since more than 180 days back', async () => {
    const filter = encodeURIComponent('eventType eq "user.session.start"');
    const sessions = (await (await get(`/api/v1/logs?filter=${filter}&limit=1000`)).json()) as Event[];
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((event) => event.eventType === 'user.session.start')).toBe(true);

    const old = new Date(Date.now() - 181 * 24 * 3600_000).toISOString();
    const response = await get(`/api/v1/logs?since=${old}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000053' });
  });
});
