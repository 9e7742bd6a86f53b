/**
 * The Entra simulator against real clients: @azure/msal-node for tokens (through the connectors'
 * own MSAL network module, trusting the simulator's CA) and undici fetch for Graph.
 */
import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MsalNetworkModule } from '../../src/ingest/entra/msal-network.js';
import { HttpClient } from '../../src/ingest/http.js';
import { exampleIds, exampleTenant, roleTemplates } from '../../dev/simulators/entra/example-tenant.js';
import type { EntraTenantFixture } from '../../dev/simulators/entra/fixture.js';
import { startEntraSimulator, type EntraSimulator } from '../../dev/simulators/entra/server.js';
import { generousThrottling } from '../../dev/simulators/entra/throttling.js';

const { tenantId, clients, users, groups, servicePrincipals } = exampleIds;

let sim: EntraSimulator;
let agent: Agent;
let connectorToken: string;
let usersOnlyToken: string;
const httpClients: HttpClient[] = [];

interface GraphReply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

function msalApp(clientId: string, clientSecret: string, tenant: string = tenantId): ConfidentialClientApplication {
  const http = new HttpClient({ extraCaPem: sim.caCertPem, userAgent: 'entra-simulator-test', retry: { maxRetries: 0 } });
  httpClients.push(http);
  return new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: sim.authority(tenant), knownAuthorities: [sim.knownAuthority] },
    system: { networkClient: new MsalNetworkModule(http) },
  });
}

async function acquire(clientId: string, secret: string, opts: { tenant?: string; scope?: string } = {}): Promise<string> {
  const result = await msalApp(clientId, secret, opts.tenant).acquireTokenByClientCredential({
    scopes: [opts.scope ?? `${sim.graphEndpoint}/.default`],
  });
  if (!result) throw new Error('no token');
  return result.accessToken;
}

async function acquireError(clientId: string, secret: string, opts: { tenant?: string; scope?: string } = {}): Promise<unknown> {
  return acquire(clientId, secret, opts).then(
    () => {
      throw new Error('expected the token request to fail');
    },
    (error: unknown) => error,
  );
}

/** `token: null` sends no Authorization header. */
async function graph(pathOrUrl: string, token: string | null = connectorToken, headers: Record<string, string> = {}): Promise<GraphReply> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${sim.graphEndpoint}/v1.0${pathOrUrl}`;
  const res = await fetch(url, {
    dispatcher: agent,
    headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers },
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // $count bodies and malformed-body faults
  }
  return { status: res.status, headers: res.headers as unknown as Headers, text, json };
}

async function batch(requests: unknown[], token = connectorToken): Promise<GraphReply> {
  const res = await fetch(`${sim.graphEndpoint}/v1.0/$batch`, {
    method: 'POST',
    dispatcher: agent,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requests }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers as unknown as Headers, text, json: JSON.parse(text) as Record<string, unknown> };
}

function errorOf(reply: GraphReply): { code: string; message: string; innerError: Record<string, string> } {
  return reply.json.error as { code: string; message: string; innerError: Record<string, string> };
}

function values(reply: GraphReply): Array<Record<string, unknown>> {
  return reply.json.value as Array<Record<string, unknown>>;
}

/** A second tenant: same shape, other ids, chosen licences. */
function otherTenant(id: string, domain: string, licence: { p1: boolean; p2: boolean }): EntraTenantFixture {
  return { ...exampleTenant(), tenantId: id, displayName: domain, verifiedDomains: [domain], licence };
}

const FREE_TENANT = '11111111-2222-4333-8444-555555555555';
const P1_TENANT = '66666666-7777-4888-9999-aaaaaaaaaaaa';

beforeAll(async () => {
  sim = await startEntraSimulator({
    tenants: [
      exampleTenant(),
      otherTenant(FREE_TENANT, 'free-tenant.example', { p1: false, p2: false }),
      otherTenant(P1_TENANT, 'p1-tenant.example', { p1: true, p2: false }),
    ],
  });
  agent = new Agent({ connect: { ca: sim.caCertPem } });
  connectorToken = await acquire(clients.connector.clientId, clients.connector.secret);
  usersOnlyToken = await acquire(clients.usersOnly.clientId, clients.usersOnly.secret);
});

afterAll(async () => {
  await Promise.all(httpClients.map((c) => c.close()));
  await agent.close();
  await sim.close();
});

beforeEach(() => {
  sim.reset();
  sim.setThrottling(generousThrottling);
  sim.settings.pageTokenTtlMs = 3600_000;
});

describe('token endpoint (through MSAL)', () => {
  it('issues a Graph token with tid, appid, audience and the consented roles', async () => {
    const claims = decodeJwt(connectorToken);
    expect(claims.aud).toBe(sim.graphEndpoint);
    expect(claims.tid).toBe(tenantId);
    expect(claims.appid).toBe(clients.connector.clientId);
    expect(claims.roles).toEqual(expect.arrayContaining(['User.Read.All', 'AuditLog.Read.All', 'Policy.Read.All']));
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  it('accepts a verified domain in place of the tenant id', async () => {
    const token = await acquire(clients.connector.clientId, clients.connector.secret, { tenant: exampleIds.domain });
    expect(decodeJwt(token).tid).toBe(tenantId);
  });

  it('omits the roles claim when nothing was consented, and Graph then denies', async () => {
    const token = await acquire(clients.unconsented.clientId, clients.unconsented.secret);
    expect(decodeJwt(token).roles).toBeUndefined();
    const reply = await graph('/users', token);
    expect(reply.status).toBe(403);
    expect(errorOf(reply).code).toBe('Authorization_RequestDenied');
  });

  it.each([
    { label: 'wrong secret', clientId: clients.connector.clientId, secret: 'not-the-secret', error: 'invalid_client', aadsts: 'AADSTS7000215' },
    { label: 'expired secret', clientId: clients.connector.clientId, secret: clients.connector.expiredSecret, error: 'invalid_client', aadsts: 'AADSTS7000222' },
    { label: 'unknown client', clientId: '0f0f0f0f-1e1e-4d2d-8c3c-4b4b4b4b4b4b', secret: 'whatever', error: 'unauthorized_client', aadsts: 'AADSTS700016' },
  ])('$label: MSAL surfaces $error $aadsts', async ({ clientId, secret, error, aadsts }) => {
    const failure = await acquireError(clientId, secret);
    expect(failure).toBeInstanceOf(ServerError);
    expect((failure as ServerError).errorCode).toBe(error);
    expect((failure as ServerError).errorMessage).toContain(aadsts);
  });

  it('rejects a scope without /.default', async () => {
    const failure = await acquireError(clients.connector.clientId, clients.connector.secret, { scope: 'User.Read' });
    expect((failure as ServerError).errorCode).toBe('invalid_scope');
    expect((failure as ServerError).errorMessage).toContain('AADSTS1002012');
  });

  it('fails endpoint discovery for an unknown tenant (AADSTS90002, invalid_tenant)', async () => {
    const failure = await acquireError(clients.connector.clientId, clients.connector.secret, { tenant: 'no-such-tenant.example' });
    expect(String((failure as Error).message)).toMatch(/endpoints|openid/i);
    const res = await fetch(`${sim.authorityHost}/no-such-tenant.example/v2.0/.well-known/openid-configuration`, { dispatcher: agent });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_tenant');
    expect(body.error_codes).toEqual([90002]);
  });

  it('answers instance discovery for this host, in case MSAL asks', async () => {
    const authorize = encodeURIComponent(`${sim.authority(tenantId)}/oauth2/v2.0/authorize`);
    const res = await fetch(`${sim.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`, { dispatcher: agent });
    const body = (await res.json()) as { tenant_discovery_endpoint: string; metadata: Array<{ aliases: string[] }> };
    expect(body.tenant_discovery_endpoint).toBe(`${sim.authority(tenantId)}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata[0]?.aliases).toEqual([sim.knownAuthority]);
  });

  it('answers token errors in AAD shape (unknown tenant: invalid_request AADSTS90002)', async () => {
    const res = await fetch(`${sim.authorityHost}/no-such-tenant.example/oauth2/v2.0/token`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clients.connector.clientId,
        client_secret: clients.connector.secret,
        grant_type: 'client_credentials',
        scope: `${sim.graphEndpoint}/.default`,
        'client-request-id': 'corr-123',
        'x-client-SKU': 'ignored',
      }).toString(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_request');
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'no-such-tenant.example' not found\..*\r\nTrace ID: .+\r\nCorrelation ID: corr-123\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.correlation_id).toBe('corr-123');
    expect(typeof body.trace_id).toBe('string');
    expect(body.error_uri).toContain('code=90002');
  });
});

describe('Graph authentication', () => {
  it.each([
    ['no Authorization header', null, 'Access token is empty.'],
    ['a malformed token', 'not-a-jwt', 'IDX14100: JWT is not well formed'],
  ])('%s: 401 InvalidAuthenticationToken', async (_label, token, message) => {
    const reply = await graph('/users', token);
    expect(reply.status).toBe(401);
    expect(errorOf(reply).code).toBe('InvalidAuthenticationToken');
    expect(errorOf(reply).message).toContain(message);
  });

  it('rejects an expired token', async () => {
    const token = await sim.issueAccessToken({ tenantId, clientId: clients.connector.clientId, expiresInSeconds: -60 });
    const reply = await graph('/users', token);
    expect(reply.status).toBe(401);
    expect(errorOf(reply).message).toBe('Access token has expired or is not yet valid.');
  });

  it('rejects a token for another audience', async () => {
    const token = await sim.issueAccessToken({ tenantId, clientId: clients.connector.clientId, audience: 'https://graph.microsoft.com' });
    const reply = await graph('/users', token);
    expect(reply.status).toBe(401);
    expect(errorOf(reply).message).toBe('Access token validation failure. Invalid audience.');
  });

  it('puts request ids on every response and a Z-less date in innerError', async () => {
    const reply = await graph('/users', null, { 'client-request-id': 'my-client-id' });
    expect(reply.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get('client-request-id')).toBe('my-client-id');
    const inner = errorOf(reply).innerError;
    expect(inner.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(inner['request-id']).toBe(reply.headers.get('request-id'));
    expect(inner['client-request-id']).toBe('my-client-id');
  });
});

describe('collections, paging and query options', () => {
  it('pages users through opaque absolute nextLinks and ends without one', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/users?$top=5';
    let pages = 0;
    while (url) {
      const reply = await graph(url);
      expect(reply.status).toBe(200);
      pages++;
      for (const u of values(reply)) seen.push(String(u.id));
      const next = reply.json['@odata.nextLink'] as string | undefined;
      if (next) {
        expect(next.startsWith(`${sim.graphEndpoint}/v1.0/users?`)).toBe(true);
        expect(next).toContain('$skiptoken=');
      }
      url = next;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
    expect(sim.requests('/users').filter((e) => e.skiptoken)).toHaveLength(2);
  });

  it('returns only the default user properties without $select', async () => {
    const reply = await graph('/users?$top=1');
    expect(reply.json['@odata.context']).toBe(`${sim.graphEndpoint}/v1.0/$metadata#users`);
    const user = values(reply)[0] ?? {};
    expect(Object.keys(user).sort()).toEqual(
      ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort(),
    );
    expect(user).not.toHaveProperty('accountEnabled');
  });

  it('projects $select, including signInActivity (null and sentinel dates as stored)', async () => {
    const reply = await graph('/users?$select=id,accountEnabled,userType,signInActivity&$top=999');
    expect(reply.status).toBe(200);
    expect(reply.json['@odata.context']).toBe(`${sim.graphEndpoint}/v1.0/$metadata#users(id,accountEnabled,userType,signInActivity)`);
    const byId = new Map(values(reply).map((u) => [u.id, u]));
    expect(Object.keys(byId.get(users.alice) ?? {})).toEqual(['id', 'accountEnabled', 'userType', 'signInActivity']);
    expect(byId.get(users.frank)?.signInActivity).toBeNull();
    expect((byId.get(users.grace)?.signInActivity as Record<string, unknown>).lastSignInDateTime).toBe('0001-01-01T00:00:00Z');
    expect(byId.get(users.dan)?.accountEnabled).toBe(false);
    expect(byId.get(users.erin)?.userType).toBe('Guest');
  });

  it.each([
    ['/users?$select=id,bogus', 400, 'Request_BadRequest', "Could not find a property named 'bogus' on type 'microsoft.graph.user'."],
    ['/users?$top=1000', 400, 'Request_BadRequest', "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."],
    ['/users?$skip=5', 400, 'Request_BadRequest', "'$skip' is not supported by the service."],
    ['/users/$count', 400, 'Request_BadRequest', '$count is not currently supported.'],
    ['/users?$select=aboutMe', 501, 'NotImplemented', 'This operation target is not yet supported.'],
    ['/users?$search="displayName:alice"', 400, 'Request_UnsupportedQuery', "special request header: 'ConsistencyLevel: eventual'"],
    ['/users?$filter=userType ne \'Guest\'', 400, 'Request_UnsupportedQuery', 'Unsupported'],
    ['/nothingHere', 400, 'BadRequest', "Resource not found for the segment 'nothingHere'."],
    [`/users/${users.alice}x`, 404, 'Request_ResourceNotFound', 'does not exist'],
  ])('%s -> %i %s', async (path, status, code, message) => {
    const reply = await graph(path);
    expect(reply.status).toBe(status);
    expect(errorOf(reply).code).toBe(code);
    expect(errorOf(reply).message).toContain(message);
  });

  it('honours $count only with ConsistencyLevel: eventual', async () => {
    const without = await graph('/users?$count=true&$top=2');
    expect(without.json).not.toHaveProperty('@odata.count');
    const withHeader = await graph('/users?$count=true&$top=2', connectorToken, { ConsistencyLevel: 'eventual' });
    expect(withHeader.json['@odata.count']).toBe(12);
    const count = await graph('/users/$count', connectorToken, { ConsistencyLevel: 'eventual' });
    expect(count.headers.get('content-type')).toContain('text/plain');
    expect(count.text).toBe('12');
    const advanced = await graph("/users?$filter=userType ne 'Guest'&$count=true", connectorToken, { ConsistencyLevel: 'eventual' });
    expect(advanced.json['@odata.count']).toBe(11);
  });

  it('filters users and finds them by UPN, #EXT# included', async () => {
    const disabled = await graph('/users?$filter=accountEnabled eq false&$select=id');
    expect(values(disabled)).toEqual([{ id: users.dan }]);
    const guest = await graph(`/users/${encodeURIComponent('erin_fabrikam.com#EXT#@acmecorp.onmicrosoft.com')}?$select=id,userType`);
    expect(guest.json).toMatchObject({ id: users.erin, userType: 'Guest' });
    expect(guest.json['@odata.context']).toBe(`${sim.graphEndpoint}/v1.0/$metadata#users(id,userType)/$entity`);
  });

  it('lists direct and transitive members with @odata.type, and counts them', async () => {
    const direct = await graph(`/groups/${groups.allStaff}/members?$select=id`);
    expect(values(direct).map((m) => m.id)).toContain(groups.engineering);
    expect(values(direct).map((m) => m.id)).not.toContain(users.kim);
    expect(values(direct)[0]).toEqual({ '@odata.type': '#microsoft.graph.group', id: groups.engineering });

    const transitive = await graph(`/groups/${groups.allStaff}/transitiveMembers?$select=id,displayName`);
    const ids = values(transitive).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([groups.engineering, groups.platformTeam, users.kim, users.bob, users.carol]));
    const onlyUsers = await graph(`/groups/${groups.allStaff}/transitiveMembers/microsoft.graph.user/$count`, connectorToken, { ConsistencyLevel: 'eventual' });
    expect(onlyUsers.text).toBe('10');
    const sps = await graph(`/groups/${groups.automation}/members`);
    expect(values(sps).map((m) => m['@odata.type'])).toEqual(['#microsoft.graph.servicePrincipal', '#microsoft.graph.servicePrincipal']);
  });

  it('filters and expands role assignments', async () => {
    const filter = encodeURIComponent(`roleDefinitionId eq '${roleTemplates.globalAdministrator}'`);
    const reply = await graph(`/roleManagement/directory/roleAssignments?$filter=${filter}&$expand=principal`);
    const assignments = values(reply);
    expect(assignments).toHaveLength(3);
    const types = assignments.map((a) => (a.principal as Record<string, unknown>)['@odata.type']).sort();
    expect(types).toEqual(['#microsoft.graph.group', '#microsoft.graph.user', '#microsoft.graph.user']);
    const byPrincipal = await graph(`/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${servicePrincipals.hrSync}'`)}`);
    expect(values(byPrincipal)).toHaveLength(1);
    const eligible = await graph('/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal');
    expect(values(eligible).map((e) => e.roleDefinitionId)).toContain(roleTemplates.privilegedRoleAdministrator);
  });

  it('returns sign-ins newest first inside the createdDateTime window', async () => {
    const from = new Date(Date.now() - 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const to = new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const reply = await graph(`/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${from} and createdDateTime lt ${to}`)}&$top=2`);
    const first = values(reply);
    expect(first).toHaveLength(2);
    const all = [...first];
    let next = reply.json['@odata.nextLink'] as string | undefined;
    while (next) {
      const page = await graph(next);
      all.push(...values(page));
      next = page.json['@odata.nextLink'] as string | undefined;
    }
    const times = all.map((s) => Date.parse(String(s.createdDateTime)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(Date.parse(from));
      expect(t).toBeLessThan(Date.parse(to));
    }
    // Erin 5 h, Jack 10 h, Carol 12 h and Alice 20 h ago; Alice's 2 h and Dan's 26 h fall outside.
    expect(all.length).toBe(4);
    expect(String(all[0]?.createdDateTime)).toMatch(/\.\d{7}Z$/);
  });

  it('serves apps, service principals by appId, grants and MFA registration filters', async () => {
    const graphSp = await graph("/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appRoles");
    expect(graphSp.json.id).toBe(servicePrincipals.graph);
    const roles = graphSp.json.appRoles as Array<{ value: string; id: string }>;
    expect(roles.find((r) => r.value === 'User.Read.All')?.id).toBe('df021288-bdef-4463-88db-98f22de89214');

    const assignments = await graph(`/servicePrincipals/${servicePrincipals.hrSync}/appRoleAssignments`);
    expect(values(assignments).map((a) => a.appRoleId)).toContain('19dbc75e-c2e2-444c-a770-ec69d8559fc7');

    const grants = await graph(`/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${servicePrincipals.expensePortal}'`)}`);
    expect(values(grants).map((x) => x.scope)).toContain('  User.Read   openid profile  offline_access ');

    const password = await graph("/servicePrincipals?$filter=preferredSingleSignOnMode eq 'password'&$select=id");
    expect(values(password)).toEqual([{ id: servicePrincipals.travelBooking }]);

    const fido = await graph(`/reports/authenticationMethods/userRegistrationDetails?$filter=${encodeURIComponent("methodsRegistered/any(m:m eq 'fido2')")}`);
    expect(values(fido).map((r) => r.id)).toEqual([users.bob]);

    const org = await graph('/organization');
    expect(values(org)[0]).toMatchObject({ id: tenantId, displayName: 'Acme Corp' });
  });
});

describe('permissions and licences', () => {
  it.each([
    ['/groups', 403, 'Authorization_RequestDenied'],
    ['/users?$select=id,signInActivity', 403, 'Authentication_MSGraphPermissionMissing'],
    ['/auditLogs/signIns', 403, 'Authentication_MSGraphPermissionMissing'],
    ['/reports/authenticationMethods/userRegistrationDetails', 403, 'Authentication_MSGraphPermissionMissing'],
    ['/identity/conditionalAccess/policies', 403, 'AccessDenied'],
    ['/roleManagement/directory/roleAssignments', 403, 'Authorization_RequestDenied'],
    ['/applications', 403, 'Authorization_RequestDenied'],
    ['/oauth2PermissionGrants', 403, 'Authorization_RequestDenied'],
  ])('User.Read.All only: %s -> %i %s', async (path, status, code) => {
    const reply = await graph(path, usersOnlyToken);
    expect(reply.status).toBe(status);
    expect(errorOf(reply).code).toBe(code);
  });

  it('reports the exact messages for missing scopes', async () => {
    const ca = await graph('/identity/conditionalAccess/policies', usersOnlyToken);
    expect(errorOf(ca).message).toBe('You cannot perform the requested operation, required scopes are missing in the token.');
    const audit = await graph('/auditLogs/signIns', usersOnlyToken);
    expect(errorOf(audit).message).toBe('Calling principal does not have required MSGraph permissions AuditLog.Read.All');
  });

  it('needs P1 for sign-ins, registration details and signInActivity', async () => {
    const token = await sim.issueAccessToken({ tenantId: FREE_TENANT, clientId: clients.connector.clientId });
    for (const path of ['/auditLogs/signIns', '/reports/authenticationMethods/userRegistrationDetails', '/users?$select=id,signInActivity']) {
      const reply = await graph(path, token);
      expect(reply.status).toBe(403);
      expect(errorOf(reply)).toMatchObject({
        code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        message: "Neither tenant is B2C or tenant doesn't have premium license",
      });
    }
    expect((await graph('/users?$select=id', token)).status).toBe(200);
  });

  it('needs P2 for PIM eligibility and hides sign-in risk without it', async () => {
    const token = await sim.issueAccessToken({ tenantId: P1_TENANT, clientId: clients.connector.clientId });
    const pim = await graph('/roleManagement/directory/roleEligibilityScheduleInstances', token);
    expect(pim.status).toBe(400);
    expect(errorOf(pim).code).toBe('AadPremiumLicenseRequired');
    const signIns = values(await graph('/auditLogs/signIns', token));
    expect(new Set(signIns.map((s) => s.riskLevelDuringSignIn))).toEqual(new Set(['hidden']));
    expect(new Set(signIns.map((s) => s.riskLevelAggregated))).toEqual(new Set(['hidden']));
    expect(new Set(signIns.map((s) => s.riskDetail))).toEqual(new Set(['hidden']));
    const p2 = values(await graph('/auditLogs/signIns'));
    expect(new Set(p2.map((s) => s.riskLevelDuringSignIn))).toEqual(new Set(['none', 'low', 'medium', 'high', 'hidden']));
  });

  it('keeps tenants apart: a token only ever sees its own tenant', async () => {
    const token = await sim.issueAccessToken({ tenantId: FREE_TENANT, clientId: clients.connector.clientId });
    const org = values(await graph('/organization', token));
    expect(org[0]?.id).toBe(FREE_TENANT);
    const first = await graph('/users?$top=2', token);
    const stolen = await graph(String(first.json['@odata.nextLink']));
    expect(stolen.status).toBe(400);
  });
});

describe('throttling', () => {
  it('throttles reports with Retry-After from the bucket', async () => {
    sim.setThrottling({ ...generousThrottling, reports: { capacity: 1, refillPerSecond: 0.5 } });
    expect((await graph('/auditLogs/signIns?$top=1')).status).toBe(200);
    const throttled = await graph('/auditLogs/signIns?$top=1');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(errorOf(throttled)).toMatchObject({ code: 'TooManyRequests', message: 'Please retry again later.' });
    expect(errorOf(throttled).innerError).toMatchObject({ code: '429', status: '429' });
    expect(sim.requests('/auditLogs/signIns').map((e) => e.retryAfter)).toEqual([undefined, 2]);
  });

  it('throttles conditional access per tenant without Retry-After', async () => {
    sim.setThrottling({ ...generousThrottling, conditionalAccess: { capacity: 1, refillPerSecond: 1 } });
    expect((await graph('/identity/conditionalAccess/policies')).status).toBe(200);
    const other = await acquire(clients.unconsented.clientId, clients.unconsented.secret);
    expect((await graph('/identity/conditionalAccess/policies', other)).status).toBe(403);
    const throttled = await graph('/identity/conditionalAccess/policies');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
  });

  it('charges directory requests in resource units', async () => {
    const reply = await graph('/users?$top=5');
    expect(reply.headers.get('x-ms-resource-unit')).toBe('1');
    expect((await graph('/users')).headers.get('x-ms-resource-unit')).toBe('2');
    expect((await graph(`/groups/${groups.allStaff}/transitiveMembers`)).headers.get('x-ms-resource-unit')).toBe('5');
  });

  it('injects 429s with and without Retry-After, then lets requests through', async () => {
    sim.faults.throttle({ path: '/users', times: 1, retryAfterSeconds: 1 });
    sim.faults.throttle({ path: '/groups', times: 1 });
    const users429 = await graph('/users');
    expect(users429.status).toBe(429);
    expect(users429.headers.get('retry-after')).toBe('1');
    const groups429 = await graph('/groups');
    expect(groups429.status).toBe(429);
    expect(groups429.headers.get('retry-after')).toBeNull();
    expect((await graph('/users')).status).toBe(200);
    expect((await graph('/groups')).status).toBe(200);
    const log = sim.requests('/users');
    expect(log.map((e) => [e.status, e.fault])).toEqual([[429, 'throttle'], [200, undefined]]);
    expect(log[1]!.at).toBeGreaterThanOrEqual(log[0]!.at);
  });
});

describe('$batch', () => {
  it('runs sub-requests independently, shuffles responses and returns $count as a number', async () => {
    sim.faults.throttle({ path: '/identity/conditionalAccess', retryAfterSeconds: 3, times: 1 });
    const requests = [
      { id: '1', method: 'GET', url: '/users?$select=id&$top=2' },
      { id: '2', method: 'GET', url: `/groups/${groups.allStaff}/members/$count`, headers: { ConsistencyLevel: 'eventual' } },
      { id: '3', method: 'GET', url: 'identity/conditionalAccess/policies' },
      { id: '4', method: 'GET', url: `/groups/${groups.tier0Admins}/members?$select=id` },
      { id: '5', method: 'GET', url: '/nothing' },
      { id: '6', method: 'GET', url: '/users/$count', dependsOn: ['5'] },
    ];
    const reply = await batch(requests);
    expect(reply.status).toBe(200);
    const responses = reply.json.responses as Array<{ id: string; status: number; headers: Record<string, string>; body: unknown }>;
    expect(responses.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(responses.map((r) => r.id)).not.toEqual(['1', '2', '3', '4', '5', '6']);
    const byId = new Map(responses.map((r) => [r.id, r]));
    expect(byId.get('1')?.status).toBe(200);
    expect(((byId.get('1')?.body as Record<string, unknown>)['@odata.nextLink'] as string).startsWith(`${sim.graphEndpoint}/v1.0/users?`)).toBe(true);
    expect(byId.get('2')).toMatchObject({ status: 200, body: 7 });
    expect(byId.get('3')).toMatchObject({ status: 429, headers: { 'Retry-After': '3' } });
    expect(byId.get('4')?.body).toMatchObject({ value: [{ id: users.bob }] });
    expect(byId.get('5')?.status).toBe(400);
    expect(byId.get('6')?.status).toBe(424);
    expect(sim.stats.requests).toBe(1);
    expect(sim.stats.byPath.get('/identity/conditionalAccess/policies')).toBe(1);
  });

  it('rejects more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users?$top=1' }));
    const reply = await batch(requests);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).code).toBe('BadRequest');
  });
});

describe('page tokens', () => {
  it('expires nextLinks older than the TTL with Directory_ExpiredPageToken', async () => {
    const first = await graph('/users?$top=3');
    sim.settings.pageTokenTtlMs = -1;
    const expired = await graph(String(first.json['@odata.nextLink']));
    expect(expired.status).toBe(400);
    expect(errorOf(expired).code).toBe('Directory_ExpiredPageToken');
  });

  it('expires a page token on demand, once', async () => {
    sim.faults.expirePageToken({ path: '/groups', times: 1 });
    const first = await graph('/groups?$top=2');
    expect(first.status).toBe(200);
    const next = String(first.json['@odata.nextLink']);
    expect((await graph(next)).status).toBe(400);
    expect((await graph(next)).status).toBe(200);
  });

  it('refuses a tampered or rebuilt page token', async () => {
    const first = await graph('/users?$top=3');
    const next = String(first.json['@odata.nextLink']);
    const tampered = next.replace(/\$skiptoken=([^&]+)/, (_m, t: string) => `$skiptoken=${t.slice(0, -2)}xx`);
    expect((await graph(tampered)).status).toBe(400);
    const elsewhere = next.replace('/v1.0/users?', '/v1.0/groups?');
    expect((await graph(elsewhere)).status).toBe(400);
  });
});

describe('faults and changing data', () => {
  it('deletes an object after n requests: later per-object calls get 404', async () => {
    sim.faults.deleteObject('group', groups.platformTeam, 1);
    const listed = await graph('/groups?$select=id');
    expect(values(listed).map((g) => g.id)).toContain(groups.platformTeam);
    const members = await graph(`/groups/${groups.platformTeam}/members`);
    expect(members.status).toBe(404);
    expect(errorOf(members).code).toBe('Request_ResourceNotFound');
    const transitive = values(await graph(`/groups/${groups.allStaff}/transitiveMembers?$select=id`)).map((m) => m.id);
    expect(transitive).not.toContain(users.kim);
    expect(values(await graph('/groups?$select=id')).map((g) => g.id)).not.toContain(groups.platformTeam);
    // Gone from the fixture too, memberships included, so a re-index keeps it gone.
    const fixture = sim.tenant(tenantId);
    expect(fixture?.groups.map((g) => g.id)).not.toContain(groups.platformTeam);
    expect(fixture?.groupMembers[groups.engineering]?.map((m) => m.id)).not.toContain(groups.platformTeam);
    sim.setTenant(exampleTenant());
  });

  it('removes a deleted user from listings mid-paging without skipping others', async () => {
    const first = await graph('/users?$top=4&$select=id');
    sim.faults.deleteObject('user', users.henry, 0);
    const rest: unknown[] = [];
    let next = first.json['@odata.nextLink'] as string | undefined;
    while (next) {
      const page = await graph(next);
      rest.push(...values(page).map((u) => u.id));
      next = page.json['@odata.nextLink'] as string | undefined;
    }
    expect(values(first).length + rest.length).toBe(11);
    expect((await graph(`/users/${users.henry}`)).status).toBe(404);
    sim.setTenant(exampleTenant());
  });

  it('injects status codes, malformed bodies and dropped connections', async () => {
    sim.faults.status({ path: '/groups', status: 503, retryAfterSeconds: 2, times: 1 });
    sim.faults.status({ path: /^\/applications$/, status: 500, times: 1, afterRequests: 1 });
    sim.faults.malformed({ path: '/servicePrincipals', times: 1 });
    sim.faults.malformed({ path: '/servicePrincipals', kind: 'missingValue', times: 1 });
    const dropped = sim.faults.dropConnection({ path: '/oauth2PermissionGrants', times: 1 });

    const unavailable = await graph('/groups');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expect(errorOf(unavailable).code).toBe('ServiceNotAvailable');

    expect((await graph('/applications')).status).toBe(200);
    expect((await graph('/applications')).status).toBe(500);
    expect((await graph('/applications')).status).toBe(200);

    const invalid = await graph('/servicePrincipals');
    expect(invalid.status).toBe(200);
    expect(() => JSON.parse(invalid.text) as unknown).toThrow();
    const noValue = await graph('/servicePrincipals');
    expect(noValue.json).not.toHaveProperty('value');

    await expect(graph('/oauth2PermissionGrants')).rejects.toThrow();
    expect(dropped.fired).toBe(1);
    expect((await graph('/oauth2PermissionGrants')).status).toBe(200);
  });

  it('serves a changed fixture after setTenant/updateTenant', async () => {
    sim.updateTenant(tenantId, (fixture) => {
      const template = fixture.users[0];
      if (!template) throw new Error('no users');
      fixture.users.push({ ...template, id: 'c0a1e5f0-1b2d-4e3f-8a9b-0000000000ff', userPrincipalName: 'new.joiner@acme-corp.com', displayName: 'New Joiner' });
      fixture.users = fixture.users.filter((u) => u.id !== users.dan);
    });
    const count = await graph('/users/$count', connectorToken, { ConsistencyLevel: 'eventual' });
    expect(count.text).toBe('12');
    expect((await graph('/users/new.joiner@acme-corp.com')).status).toBe(200);
    expect((await graph(`/users/${users.dan}`)).status).toBe(404);
    sim.setTenant(exampleTenant());
  });

  it('can fail the token endpoint in AAD shape', async () => {
    sim.faults.status({ path: /\/oauth2\/v2\.0\/token$/, status: 503, times: 1, retryAfterSeconds: 1 });
    const failure = await acquireError(clients.connector.clientId, clients.connector.secret);
    expect(failure).toBeInstanceOf(Error);
    expect(sim.requests(/token$/).map((e) => e.status)).toEqual([503]);
  });
});
