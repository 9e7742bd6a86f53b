import { describe, expect, it } from 'vitest';
import { oktaKeys } from '../../../src/ingest/okta/keys.js';
import { factorMethod, transformFactors } from '../../../src/ingest/okta/factors.js';
import { transformOktaUser } from '../../../src/ingest/okta/users.js';
import { transformOktaGroup } from '../../../src/ingest/okta/groups.js';
import { mayHoldAdminRoles, transformRoleAssignments } from '../../../src/ingest/okta/roles.js';
import { isOffice365, signOnHosts, transformApp, transformAppUser } from '../../../src/ingest/okta/apps.js';
import type { JsonObject } from '../../../src/ingest/okta/wire.js';

const keys = oktaKeys('https://acme-corp.okta.com');
const j = (v: unknown): JsonObject => v as JsonObject;

describe('keys', () => {
  it('are namespaced by the org host without the port', () => {
    expect(keys.user('00u1')).toBe('okta:acme-corp.okta.com:00u1');
    expect(oktaKeys('https://localhost:8443').user('00u1')).toBe('okta:localhost:00u1');
    expect(keys.factor('00u1', 'opf1')).toBe('okta:acme-corp.okta.com:00u1:opf1');
    expect(keys.role('SUPER_ADMIN')).toBe('okta:acme-corp.okta.com:role:SUPER_ADMIN');
    expect(keys.app('0oa1')).toBe('okta:acme-corp.okta.com:app:0oa1');
    expect(keys.policy('00p1')).toBe('okta:acme-corp.okta.com:policy:00p1');
    expect(keys.logEvent('u-1')).toBe('okta:acme-corp.okta.com:log:u-1');
  });
});

describe('factors', () => {
  it.each([
    ['push', 'AUTHENTICATOR_APP'],
    ['signed_nonce', 'AUTHENTICATOR_APP'],
    ['webauthn', 'FIDO2'],
    ['u2f', 'FIDO2'],
    ['sms', 'PHONE'],
    ['call', 'PHONE'],
    ['email', 'EMAIL'],
    ['token:software:totp', 'SOFTWARE_OTP'],
    ['token:hardware', 'HARDWARE_OTP'],
    ['token', 'HARDWARE_OTP'],
    ['token:hotp', 'HARDWARE_OTP'],
    ['question', 'OTHER'],
    ['web', 'OTHER'],
    ['something:new', 'OTHER'],
    [null, 'OTHER'],
  ])('%s -> %s', (type, method) => {
    expect(factorMethod(type)).toBe(method);
  });

  it('counts only ACTIVE factors, and a question alone is not MFA', () => {
    const { rows, mfa } = transformFactors('00u1', [
      j({ id: 'ufs1', factorType: 'question', provider: 'OKTA', status: 'ACTIVE' }),
      j({ id: 'sms1', factorType: 'sms', provider: 'OKTA', status: 'PENDING_ACTIVATION' }),
      j({ id: 'fwf1', factorType: 'webauthn', provider: 'FIDO', status: 'INACTIVE' }),
    ], keys);
    expect(mfa).toEqual({ mfaRegistered: false, mfaMethods: ['OTHER'] });
    expect(rows.map((r) => r.props)).toEqual([
      { externalId: 'ufs1', factorType: 'question', provider: 'OKTA', status: 'ACTIVE', method: 'OTHER' },
      { externalId: 'sms1', factorType: 'sms', provider: 'OKTA', status: 'PENDING_ACTIVATION', method: 'PHONE' },
      { externalId: 'fwf1', factorType: 'webauthn', provider: 'FIDO', status: 'INACTIVE', method: 'FIDO2' },
    ]);
    expect(rows[0]?.key).toBe('okta:acme-corp.okta.com:00u1:ufs1');
  });

  it('deduplicates methods in the contract order', () => {
    const { mfa } = transformFactors('00u1', [
      j({ id: 'a', factorType: 'sms', status: 'ACTIVE' }),
      j({ id: 'b', factorType: 'call', status: 'ACTIVE' }),
      j({ id: 'c', factorType: 'push', status: 'ACTIVE' }),
      j({ id: 'd', factorType: 'u2f', status: 'ACTIVE' }),
    ], keys);
    expect(mfa).toEqual({ mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP', 'FIDO2', 'PHONE'] });
  });
});

describe('transformUser', () => {
  const user = j({
    id: '00u8k2mq4rTzNpL7x1d7', status: 'PASSWORD_EXPIRED', created: '2024-02-12T09:14:33.000Z', activated: null,
    statusChanged: '2024-02-12T09:15:02.000Z', lastLogin: '2026-05-30T07:41:18Z',
    profile: { login: ' Maria.Lopez@Acme-Corp.com', email: 'MARIA.LOPEZ@acme-corp.com', firstName: 'Maria', lastName: 'Lopez', secondEmail: 'Maria@Home.example' },
  });

  it('maps Okta fields onto the OktaUser properties', () => {
    const row = transformOktaUser(user, keys, { mfaRegistered: true, mfaMethods: ['FIDO2'] });
    expect(row.key).toBe('okta:acme-corp.okta.com:00u8k2mq4rTzNpL7x1d7');
    expect(row.props).toEqual({
      externalId: '00u8k2mq4rTzNpL7x1d7',
      displayName: 'Maria Lopez',
      login: ' Maria.Lopez@Acme-Corp.com',
      loginNorm: 'maria.lopez@acme-corp.com',
      email: 'MARIA.LOPEZ@acme-corp.com',
      emailNorm: 'maria.lopez@acme-corp.com',
      secondEmailNorm: 'maria@home.example',
      active: true,
      status: 'PASSWORD_EXPIRED',
      userType: 'Member',
      createdAt: '2024-02-12T09:14:33.000Z',
      lastSignInAt: '2026-05-30T07:41:18.000Z',
      activatedAt: null,
      statusChangedAt: '2024-02-12T09:15:02.000Z',
      mfaRegistered: true,
      mfaMethods: ['FIDO2'],
    });
  });

  it.each([
    ['ACTIVE', true], ['PASSWORD_EXPIRED', true], ['LOCKED_OUT', true], ['RECOVERY', true],
    ['STAGED', false], ['PROVISIONED', false], ['SUSPENDED', false], ['DEPROVISIONED', false],
  ])('status %s active=%s', (status, active) => {
    expect(transformOktaUser(j({ id: 'x1', status, profile: {} }), keys, { mfaRegistered: false, mfaMethods: [] }).props.active).toBe(active);
  });

  it('prefers profile.displayName and falls back to login, then id; omitted fields are null', () => {
    const none = { mfaRegistered: false, mfaMethods: [] };
    expect(transformOktaUser(j({ id: 'x1', status: 'ACTIVE', profile: { displayName: 'Dr. M', firstName: 'M' } }), keys, none).props.displayName).toBe('Dr. M');
    const bare = transformOktaUser(j({ id: 'x1', status: 'ACTIVE', profile: { login: 'l@x.com' } }), keys, none).props;
    expect(bare.displayName).toBe('l@x.com');
    expect(bare.lastSignInAt).toBeNull();
    expect(bare.email).toBeNull();
    expect(transformOktaUser(j({ id: 'x1' }), keys, none).props.displayName).toBe('x1');
  });

  it('fails on a user without an id', () => {
    expect(() => transformOktaUser(j({ status: 'ACTIVE' }), keys, { mfaRegistered: false, mfaMethods: [] })).toThrow(/without an id/);
  });
});

describe('transformGroup', () => {
  it('reads name, type and the stats member count', () => {
    expect(transformOktaGroup(j({ id: '00g1', type: 'APP_GROUP', profile: { name: 'Finance' }, _embedded: { stats: { usersCount: 7, hasAdminPrivlege: true } } }), keys)).toEqual({
      key: 'okta:acme-corp.okta.com:00g1',
      props: { externalId: '00g1', displayName: 'Finance', groupType: 'APP_GROUP', memberCount: 7 },
    });
    expect(transformOktaGroup(j({ id: '00g2', type: 'BUILT_IN', profile: { name: 'Everyone' } }), keys).props.memberCount).toBeNull();
  });
});

describe('roles', () => {
  const assignments = [
    j({ id: 'ra1', label: 'Super Organization Administrator', type: 'SUPER_ADMIN', status: 'ACTIVE', assignmentType: 'USER' }),
    j({ id: 'ra2', label: 'Organization Administrator', type: 'ORG_ADMIN', status: 'ACTIVE', assignmentType: 'GROUP' }),
    j({ id: 'irb1', role: 'cr0Lk9', label: 'Helpdesk-Lite', type: 'CUSTOM', status: 'ACTIVE', assignmentType: 'USER', 'resource-set': 'iamR5' }),
    j({ id: 'ra3', label: 'Read Only', type: 'READ_ONLY_ADMIN', status: 'INACTIVE', assignmentType: 'USER' }),
  ];

  it("keeps a user's own assignments and never copies group-inherited ones", () => {
    const rows = transformRoleAssignments({ kind: 'user', id: '00u1' }, assignments, keys);
    expect(rows).toEqual([
      { principalKey: keys.user('00u1'), roleNodeKey: keys.role('SUPER_ADMIN'), assignmentId: 'ra1', role: { roleKey: 'SUPER_ADMIN', name: 'Super Organization Administrator', tier0: true, privileged: true } },
      { principalKey: keys.user('00u1'), roleNodeKey: keys.role('cr0Lk9'), assignmentId: 'irb1', role: { roleKey: 'cr0Lk9', name: 'Helpdesk-Lite', tier0: false, privileged: true } },
    ]);
  });

  it("keeps a group's assignments; the assignee link decides when assignmentType is missing", () => {
    const rows = transformRoleAssignments({ kind: 'group', id: '00g1' }, [
      j({ id: 'ra2', label: 'Org Admin', type: 'ORG_ADMIN', status: 'ACTIVE', assignmentType: 'GROUP' }),
      j({ id: 'ra4', label: 'Read Only', type: 'READ_ONLY_ADMIN', _links: { assignee: { href: 'https://a/api/v1/groups/00g1' } } }),
      j({ id: 'ra5', label: 'User Admin', type: 'USER_ADMIN', _links: { assignee: { href: 'https://a/api/v1/users/00u9' } } }),
    ], keys);
    expect(rows.map((r) => [r.assignmentId, r.principalKey, r.role.privileged, r.role.tier0])).toEqual([
      ['ra2', keys.group('00g1'), true, true],
      ['ra4', keys.group('00g1'), false, false],
    ]);
  });

  it('asks a group for roles unless its stats say it holds none', () => {
    expect(mayHoldAdminRoles(j({ _embedded: { stats: { hasAdminPrivlege: true } } }))).toBe(true);
    expect(mayHoldAdminRoles(j({ _embedded: { stats: { hasAdminPrivlege: false } } }))).toBe(false);
    expect(mayHoldAdminRoles(j({}))).toBe(true);
  });
});

describe('apps', () => {
  const o365 = j({
    id: '0oa3', name: 'office365', label: 'Microsoft Office 365', status: 'ACTIVE', signOnMode: 'SAML_1_1',
    settings: { app: { domain: 'acme-corp.com', msftTenant: 'acmecorp' } },
  });

  it('maps an app and flags password SSO', () => {
    expect(transformApp(o365, keys)).toEqual({
      key: 'okta:acme-corp.okta.com:app:0oa3',
      props: {
        externalId: '0oa3', displayName: 'Microsoft Office 365', name: 'office365', nameNorm: 'microsoftoffice365', status: 'ACTIVE',
        signOnMode: 'SAML_1_1', passwordSso: false, signOnHosts: [], permissions: [], msftTenant: 'acmecorp', msftDomain: 'acme-corp.com',
      },
    });
    for (const mode of ['BROWSER_PLUGIN', 'AUTO_LOGIN', 'SECURE_PASSWORD_STORE', 'BASIC_AUTH']) {
      expect(transformApp(j({ id: 'x', label: 'X', signOnMode: mode }), keys).props.passwordSso).toBe(true);
    }
    for (const mode of ['SAML_2_0', 'OPENID_CONNECT', 'BOOKMARK', 'WS_FEDERATION']) {
      expect(transformApp(j({ id: 'x', label: 'X', signOnMode: mode }), keys).props.passwordSso).toBe(false);
    }
    expect(transformApp(j({ id: 'x', label: 'X', name: 'other', settings: { app: { msftTenant: 't' } } }), keys).props.msftTenant).toBeNull();
  });

  it('recognises Office 365 by OIN name, or by label', () => {
    expect(isOffice365(o365)).toBe(true);
    expect(isOffice365(j({ name: 'acme_office_1', label: 'Office 365' }))).toBe(true);
    expect(isOffice365(j({ name: 'salesforce', label: 'Salesforce' }))).toBe(false);
  });

  it('collects sign-on hosts from SAML, SWA and OIDC settings', () => {
    expect(signOnHosts(j({
      settings: {
        signOn: { ssoAcsUrl: 'https://ACS.example.com/saml', destination: 'https://acs.example.com/x', audience: 'urn:x' },
        app: { loginUrl: 'https://login.example.org/in', url: 'https://${org}.example.net' },
        oauthClient: { redirect_uris: ['https://app.example.io/cb', 'not a url'], initiate_login_uri: 'https://app.example.io/login' },
      },
    }))).toEqual(['acs.example.com', 'app.example.io', 'login.example.org']);
  });

  it('takes the UPN and ImmutableID from Office 365 app users only', () => {
    const appUser = j({ id: '00u1', scope: 'GROUP', credentials: { userName: 'maria@acme-corp.com' }, profile: { immutableId: 'AbC+/==' } });
    expect(transformAppUser(appUser, keys.app('0oa3'), keys, true)).toEqual({
      assignment: { principalKey: keys.user('00u1'), appKey: keys.app('0oa3'), scope: 'GROUP' },
      o365: { userKey: keys.user('00u1'), userName: 'maria@acme-corp.com', immutableId: 'AbC+/==' },
    });
    expect(transformAppUser(appUser, keys.app('0oa9'), keys, false)?.o365).toBeNull();
    expect(transformAppUser(j({ scope: 'USER' }), keys.app('0oa9'), keys, false)).toBeNull();
  });
});
