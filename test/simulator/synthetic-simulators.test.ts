/**
 * A synthetic scenario served by both simulators over HTTPS: the fixtures load, authenticate the
 * configured credentials, and page like the real APIs.
 */
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator } from '../../dev/simulators/entra/server.js';
import type { EntraSimulator } from '../../dev/simulators/entra/server.js';
import type { OktaUser } from '../../dev/simulators/okta/fixture.js';
import { startOktaSimulator } from '../../dev/simulators/okta/server.js';
import type { OktaSimulator } from '../../dev/simulators/okta/server.js';
import { generateScenario } from '../../dev/simulators/synthetic/index.js';

const CLIENT = { clientId: 'b7c9e1f3-5a7b-4c9d-8e1f-2a4b6c8d0e12', clientSecret: 'synthetic~smoke~secret' };
const API_TOKEN = '00synthetic-smoke-token';
const scenario = generateScenario({ seed: 3, people: 200, entraCredentials: CLIENT, oktaCredentials: { apiToken: API_TOKEN } });

let entra: EntraSimulator;
let okta: OktaSimulator;
let agent: Agent;

beforeAll(async () => {
  entra = await startEntraSimulator({ tenants: [scenario.entra] });
  okta = await startOktaSimulator({ org: scenario.okta });
  // Both simulators use the same throw-away CA; trust it explicitly.
  agent = new Agent({ connect: { ca: entra.caCertPem } });
});

afterAll(async () => {
  await agent.close();
  await Promise.all([entra.close(), okta.close()]);
});

async function graphToken(): Promise<string> {
  const res = await fetch(`${entra.authority(scenario.entra.tenantId)}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, scope: `${entra.graphEndpoint}/.default`, grant_type: 'client_credentials' }).toString(),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; token_type: string };
  expect(body.token_type).toBe('Bearer');
  return body.access_token;
}

async function graph(path: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${entra.graphEndpoint}/v1.0${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a 200-person synthetic scenario in the simulators', () => {
  it('serves Entra users, sign-ins and the MFA report to the configured client', async () => {
    const token = await graphToken();
    const users = await graph('/users?$select=id,userPrincipalName,accountEnabled,userType,signInActivity&$top=100', token);
    expect(users.status).toBe(200);
    const page = users.body.value as Array<{ id: string; userPrincipalName: string }>;
    expect(page).toHaveLength(100);
    expect(users.body['@odata.nextLink']).toEqual(expect.stringContaining('$skiptoken'));
    const known = new Set(scenario.entra.users.map((u) => u.id));
    expect(page.every((u) => known.has(u.id))).toBe(true);

    const signIns = await graph('/auditLogs/signIns?$top=50', token);
    expect(signIns.status).toBe(200);
    expect((signIns.body.value as unknown[]).length).toBe(50);
    const report = await graph('/reports/authenticationMethods/userRegistrationDetails', token);
    expect(report.status).toBe(200);
    expect((report.body.value as unknown[]).length).toBeGreaterThan(0);
  });

  it('serves Okta users with the API token, hiding DEPROVISIONED ones from the plain list', async () => {
    const res = await fetch(`${okta.orgUrl}/api/v1/users?limit=200`, { dispatcher: agent, headers: { authorization: `SSWS ${API_TOKEN}`, accept: 'application/json' } });
    expect(res.status).toBe(200);
    const users = (await res.json()) as OktaUser[];
    expect(users.length).toBe(Math.min(200, scenario.summary.oktaUsers - scenario.summary.oktaDeprovisioned));
    expect(users.some((u) => u.status === 'DEPROVISIONED')).toBe(false);

    const search = encodeURIComponent('status eq "DEPROVISIONED"');
    const deprovisioned = await fetch(`${okta.orgUrl}/api/v1/users?search=${search}`, { dispatcher: agent, headers: { authorization: `SSWS ${API_TOKEN}` } });
    expect(((await deprovisioned.json()) as OktaUser[]).length).toBe(scenario.summary.oktaDeprovisioned);

    const logs = await fetch(`${okta.orgUrl}/api/v1/logs?limit=20&since=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}`, {
      dispatcher: agent,
      headers: { authorization: `SSWS ${API_TOKEN}` },
    });
    expect(logs.status).toBe(200);
    expect(((await logs.json()) as unknown[]).length).toBe(20);
  });
});
