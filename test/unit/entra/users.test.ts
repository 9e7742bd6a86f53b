import { describe, expect, it } from 'vitest';
import { smtpAddresses, transformSignInActivity, transformEntraUser, userRows, usersUrl } from '../../../src/ingest/entra/users.js';
import { keys, TID } from './support.js';

const base = {
  id: 'C0A1E5F0-1B2D-4E3F-8A9B-000000000001',
  userPrincipalName: 'Alice.Admin@Acme-Corp.com',
  displayName: 'Alice Admin',
  mail: 'Alice.Admin@acme-corp.com',
  accountEnabled: true,
  userType: 'Member',
  createdDateTime: '2024-01-02T03:04:05Z',
  onPremisesImmutableId: null,
  proxyAddresses: ['SMTP:Alice.Admin@acme-corp.com', 'smtp:alice@acmecorp.onmicrosoft.com', 'SIP:alice@acme-corp.com', 'smtp:ALICE.admin@acme-corp.com'],
  signInActivity: { lastSignInDateTime: '2025-02-27T16:40:05Z', lastNonInteractiveSignInDateTime: '2025-03-03T22:11:48.1234567Z' },
};

describe('transformUser', () => {
  it('maps a member with the architecture properties', () => {
    const row = transformEntraUser(base, keys);
    expect(row.key).toBe(`entra:${TID}:c0a1e5f0-1b2d-4e3f-8a9b-000000000001`);
    expect(row.props).toEqual({
      externalId: base.id,
      displayName: 'Alice Admin',
      login: 'Alice.Admin@Acme-Corp.com',
      loginNorm: 'alice.admin@acme-corp.com',
      email: 'Alice.Admin@acme-corp.com',
      emailNorm: 'alice.admin@acme-corp.com',
      active: true,
      enabled: true,
      status: 'Enabled',
      userType: 'Member',
      createdAt: '2024-01-02T03:04:05.000Z',
      immutableId: null,
      proxyAddresses: ['alice.admin@acme-corp.com', 'alice@acmecorp.onmicrosoft.com'],
    });
    // The later of interactive and non-interactive.
    expect(transformSignInActivity(base, keys).props.lastSignInAt).toBe('2025-03-03T22:11:48.123Z');
    // Read with signInActivity: the user and its dates are one row of one write.
    const rows = userRows({ users: [base], withSignIn: true }, keys);
    expect(rows.users).toBeUndefined();
    expect(rows.signIn).toBeUndefined();
    expect(rows.usersWithSignIn?.[0]?.props).toMatchObject({ login: 'Alice.Admin@Acme-Corp.com', lastSignInAt: '2025-03-03T22:11:48.123Z' });
  });

  it('treats guests and disabled users as not active, and never identifies a guest by its #EXT# UPN', () => {
    const guest = transformEntraUser({ ...base, userType: 'Guest', userPrincipalName: 'erin_fabrikam.com#EXT#@acmecorp.onmicrosoft.com' }, keys);
    expect(guest.props.active).toBe(false);
    expect(guest.props.loginNorm).toBeNull();
    expect(guest.props.userType).toBe('Guest');
    const disabled = transformEntraUser({ ...base, accountEnabled: false }, keys);
    expect(disabled.props).toMatchObject({ active: false, enabled: false, status: 'Disabled' });
  });

  it('reads null, "" and 0001-01-01 sign-in dates as never', () => {
    expect(transformSignInActivity({ ...base, signInActivity: null }, keys).props.lastSignInAt).toBeNull();
    const sentinel = { lastSignInDateTime: '0001-01-01T00:00:00Z', lastNonInteractiveSignInDateTime: '' };
    expect(transformSignInActivity({ ...base, signInActivity: sentinel }, keys).props.lastSignInAt).toBeNull();
  });

  it('marks rows read without signInActivity so the stored date is kept', () => {
    // Read without signInActivity: no signIn facet rows, so the stored lastSignInAt is left alone.
    const rows = userRows({ users: [{ ...base, signInActivity: undefined }], withSignIn: false }, keys);
    expect(rows.signIn).toBeUndefined();
    expect(rows.usersWithSignIn).toBeUndefined();
    expect(rows.users?.[0]?.props).not.toHaveProperty('lastSignInAt');
  });

  it('falls back to the UPN for a missing display name, and to Member for a missing userType', () => {
    const row = transformEntraUser({ id: 'x', userPrincipalName: 'old@acme-corp.com', userType: null, createdDateTime: null }, keys);
    expect(row.props).toMatchObject({ displayName: 'old@acme-corp.com', userType: 'Member', createdAt: null, active: false, proxyAddresses: [] });
  });
});

describe('smtpAddresses', () => {
  it('keeps smtp addresses only, lower-cased, without prefix, once', () => {
    expect(smtpAddresses(['X500:/o=x', 'SMTP:A@b.com', ' smtp:a@B.com ', 'smtp:c@d.com'])).toEqual(['a@b.com', 'c@d.com']);
    expect(smtpAddresses(null)).toEqual([]);
  });
});

describe('usersUrl', () => {
  it('selects the fields (under 25) and the largest page each variant allows', () => {
    expect(usersUrl(true)).toBe(
      '/users?$select=id,userPrincipalName,displayName,mail,accountEnabled,userType,createdDateTime,onPremisesImmutableId,proxyAddresses,signInActivity&$top=500',
    );
    expect(usersUrl(false)).toMatch(/proxyAddresses&\$top=999$/);
  });
});
