import { describe, expect, it } from 'vitest';
import {
  addGrants, credentialExpiries, hostsOf, resolvePermissions, resourceInfoOf, splitScopes, transformApplication, transformServicePrincipal,
  type DelegatedScopes, type ResourceInfo,
} from '../../../src/ingest/entra/apps.js';
import { keys, TID } from './support.js';

const GRAPH_SP = 'graph-sp';
const graph: ResourceInfo = resourceInfoOf({
  appId: '00000003-0000-0000-c000-000000000000',
  appRoles: [
    { id: 'DF021288-BDEF-4463-88DB-98F22DE89214', value: 'User.Read.All' },
    { id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', value: 'Directory.ReadWrite.All' },
  ],
});
const other: ResourceInfo = resourceInfoOf({ appId: 'hr-api', appRoles: [{ id: 'r1', value: 'Employees.Read' }] });

describe('apps transforms', () => {
  it('collects hosts of http(s) URLs only', () => {
    expect(hostsOf(['https://Expense.acme-corp.com/signin', 'http://localhost:3000/cb', 'myapp://auth', 'https://*.acme.com', null, 'https://expense.acme-corp.com/other']))
      .toEqual(['expense.acme-corp.com', 'localhost']);
  });

  it('lists credential expiry dates once, sorted', () => {
    expect(credentialExpiries({
      passwordCredentials: [{ endDateTime: '2026-01-01T00:00:00Z' }, { endDateTime: null }],
      keyCredentials: [{ endDateTime: '2025-06-01T00:00:00Z' }, { endDateTime: '2026-01-01T00:00:00Z' }],
    })).toEqual(['2025-06-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });

  it('transforms app registrations and service principals', () => {
    expect(transformApplication({ id: 'A1', appId: 'app-1', displayName: 'HR Sync!', web: { redirectUris: ['https://hr.acme.com/cb'] } }, keys)).toEqual({
      key: `entra:${TID}:app:a1`,
      props: { externalId: 'app-1', objectId: 'A1', displayName: 'HR Sync!', nameNorm: 'hrsync', signInAudience: null, signOnHosts: ['hr.acme.com'], credentialExpiries: [] },
    });
    const sp = transformServicePrincipal(
      { id: 'S1', appId: 'app-2', displayName: 'Travel', servicePrincipalType: 'Application', preferredSingleSignOnMode: 'password', loginUrl: 'https://travel.example.com/login', replyUrls: ['https://sso.example.com/acs'] },
      keys,
    );
    expect(sp.key).toBe(`entra:${TID}:sp:s1`);
    expect(sp.props).toMatchObject({ externalId: 'app-2', passwordSso: true, signOnHosts: ['sso.example.com', 'travel.example.com'], accountEnabled: true });
  });

  it('splits delegated scopes on any whitespace', () => {
    expect(splitScopes('  User.Read   Mail.Read\topenid ')).toEqual(['User.Read', 'Mail.Read', 'openid']);
    expect(splitScopes(null)).toEqual([]);
  });

  it('merges grants of the same client and resource', () => {
    const d: DelegatedScopes = new Map();
    addGrants(d, [
      { id: 'g1', clientId: 'C1', resourceId: GRAPH_SP, scope: 'User.Read openid' },
      { id: 'g2', clientId: 'c1', resourceId: GRAPH_SP, scope: ' User.Read  Mail.Read ' },
      { id: 'g3', clientId: null, resourceId: GRAPH_SP, scope: 'x' },
    ]);
    expect([...(d.get('c1')?.get(GRAPH_SP) ?? [])].sort()).toEqual(['Mail.Read', 'User.Read', 'openid']);
  });
});

describe('resolvePermissions', () => {
  const resources = (id: string): ResourceInfo | undefined => ({ [GRAPH_SP]: graph, 'hr-sp': other })[id.toLowerCase()];

  it('resolves app role ids through the resource, keeps Graph values apart, and merges delegated scopes', () => {
    const { row, edges } = resolvePermissions(
      'C1',
      [
        { id: 'a1', appRoleId: 'df021288-bdef-4463-88db-98f22de89214', resourceId: GRAPH_SP, principalType: 'ServicePrincipal' },
        { id: 'a2', appRoleId: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', resourceId: GRAPH_SP, principalType: 'ServicePrincipal' },
        { id: 'a3', appRoleId: 'r1', resourceId: 'hr-sp', principalType: 'ServicePrincipal' },
        { id: 'a4', appRoleId: '00000000-0000-0000-0000-000000000000', resourceId: 'hr-sp', principalType: 'ServicePrincipal' },
        { id: 'a5', appRoleId: 'r1', resourceId: 'deleted-sp', principalType: 'ServicePrincipal' },
      ],
      new Map([[GRAPH_SP, new Set(['User.Read', 'openid'])]]),
      resources,
      keys,
    );
    expect(row).toEqual({
      key: `entra:${TID}:sp:c1`,
      props: {
        appPermissions: ['Directory.ReadWrite.All', 'Employees.Read', 'User.Read.All'],
        graphAppPermissions: ['Directory.ReadWrite.All', 'User.Read.All'],
        delegatedPermissions: ['User.Read', 'openid'],
        permissions: ['Directory.ReadWrite.All', 'Employees.Read', 'User.Read', 'User.Read.All', 'openid'],
      },
    });
    expect(edges).toEqual([
      { from: `entra:${TID}:sp:c1`, to: `entra:${TID}:sp:graph-sp`, placeholder: { objectId: GRAPH_SP }, props: { type: 'application', values: ['Directory.ReadWrite.All', 'User.Read.All'] } },
      { from: `entra:${TID}:sp:c1`, to: `entra:${TID}:sp:hr-sp`, placeholder: { objectId: 'hr-sp' }, props: { type: 'application', values: ['Employees.Read'] } },
      { from: `entra:${TID}:sp:c1`, to: `entra:${TID}:sp:graph-sp`, placeholder: { objectId: GRAPH_SP }, props: { type: 'delegated', values: ['User.Read', 'openid'] } },
    ]);
  });

  it('gives empty lists to a service principal granted nothing', () => {
    const { row, edges } = resolvePermissions('C2', [], undefined, resources, keys);
    expect(row).toMatchObject({ props: { appPermissions: [], graphAppPermissions: [], delegatedPermissions: [], permissions: [] } });
    expect(edges).toEqual([]);
  });
});
