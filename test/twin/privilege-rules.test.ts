import { describe, expect, it } from 'vitest';
import { phishingResistantGap, roleConflicts, type PrivilegedPersonFacts, type RoleHold } from '../../src/twin/privilege-rules.js';
import type { AccountView } from '../../src/twin/views.js';

const person = { id: 'p1', displayName: 'Pat', emails: [], confidence: 'INFERRED' as const, lastActivityAt: null };

function account(id: string, source: AccountView['source'], active: boolean, mfaMethods: AccountView['mfaMethods'] = []): AccountView {
  return {
    id,
    source,
    externalId: id,
    displayName: id,
    login: id,
    email: null,
    active,
    status: active ? 'Enabled' : 'Disabled',
    userType: 'Member',
    createdAt: null,
    lastSignInAt: null,
    mfaRegistered: mfaMethods.length > 0,
    mfaMethods,
  };
}

const hold = (accountId: string, source: RoleHold['source'], role: string, tier0: boolean, active = true): RoleHold => ({ accountId, source, role, tier0, active });
const facts = (accounts: AccountView[], holds: RoleHold[]): PrivilegedPersonFacts => ({ person, accounts, holds });

describe('roleConflicts', () => {
  it('reports inactive-elsewhere in both directions as one conflict, and tier 0 in both', () => {
    const f = facts(
      [account('e', 'ENTRA_ID', false), account('o', 'OKTA', false)],
      [hold('e', 'ENTRA_ID', 'Global Administrator', true), hold('o', 'OKTA', 'SUPER_ADMIN', true)],
    );
    expect(roleConflicts(f)).toEqual([
      { kind: 'PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', person, roles: ['ENTRA_ID: Global Administrator', 'OKTA: SUPER_ADMIN'] },
      { kind: 'TIER0_IN_BOTH', person, roles: ['ENTRA_ID: Global Administrator', 'OKTA: SUPER_ADMIN'] },
    ]);
  });

  it('needs an account in the other IdP for inactive-elsewhere', () => {
    expect(roleConflicts(facts([account('e', 'ENTRA_ID', true)], [hold('e', 'ENTRA_ID', 'User Administrator', false)]))).toEqual([]);
  });

  it('does not count eligible-only roles as held, but counts them against a mismatch', () => {
    const accounts = [account('e', 'ENTRA_ID', true), account('o', 'OKTA', true)];
    expect(roleConflicts(facts(accounts, [hold('e', 'ENTRA_ID', 'Global Administrator', true, false), hold('o', 'OKTA', 'SUPER_ADMIN', true)]))).toEqual([]);
    expect(roleConflicts(facts(accounts, [hold('o', 'OKTA', 'ORG_ADMIN', true)]))).toEqual([
      { kind: 'PRIVILEGE_MISMATCH', person, roles: ['OKTA: ORG_ADMIN'] },
    ]);
  });

  it('needs active accounts in both IdPs for a mismatch', () => {
    const accounts = [account('e', 'ENTRA_ID', false), account('e2', 'ENTRA_ID', true), account('o', 'OKTA', true)];
    expect(roleConflicts(facts(accounts, [hold('e', 'ENTRA_ID', 'Exchange Administrator', false)]))).toEqual([
      { kind: 'PRIVILEGE_MISMATCH', person, roles: ['ENTRA_ID: Exchange Administrator'] },
    ]);
    expect(roleConflicts(facts(accounts.slice(0, 1).concat(accounts.slice(2)), [hold('e', 'ENTRA_ID', 'Exchange Administrator', false)]))).toEqual([]);
  });
});

describe('phishingResistantGap', () => {
  it('flags active privileged holders when no account has FIDO2 or Windows Hello, listing the holding accounts', () => {
    const accounts = [account('e', 'ENTRA_ID', true, ['PHONE']), account('o', 'OKTA', true, ['AUTHENTICATOR_APP'])];
    expect(phishingResistantGap(facts(accounts, [hold('e', 'ENTRA_ID', 'Global Administrator', true)]))).toEqual({
      kind: 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA',
      person,
      accounts: [accounts[0]],
      federatedThroughOkta: false,
    });
  });

  it('accepts Windows Hello on any account, even an inactive one, and ignores eligible-only holders', () => {
    const hello = [account('e', 'ENTRA_ID', true), account('o', 'OKTA', false, ['WINDOWS_HELLO'])];
    expect(phishingResistantGap(facts(hello, [hold('e', 'ENTRA_ID', 'Global Administrator', true)]))).toBeNull();
    expect(phishingResistantGap(facts([account('e', 'ENTRA_ID', true)], [hold('e', 'ENTRA_ID', 'Global Administrator', true, false)]))).toBeNull();
  });
});
