/**
 * What each data set needs from Okta, and what to tell the admin when Okta refuses. Used for the
 * OAuth token's scopes, the connection test's checks and the messages of failed data sets.
 */
import type { OktaCredentialKind } from './validate.js';

export type OktaDataSetName = 'users' | 'groups' | 'roles' | 'apps' | 'logs' | 'policies';
/** The connection test's checks: the data sets, plus factors (read per user within `users`). */
export type OktaCheckName = 'users' | 'factors' | OktaDataSetName;

export const OKTA_DATA_SETS: readonly OktaDataSetName[] = ['users', 'groups', 'roles', 'apps', 'logs', 'policies'];
/** Whether a data set name (as the runner gives it) is one of Okta's. */
export function isOktaDataSet(name: string): name is OktaDataSetName {
  return (OKTA_DATA_SETS as readonly string[]).includes(name);
}

export const OKTA_CHECKS: readonly OktaCheckName[] = ['users', 'factors', 'groups', 'roles', 'apps', 'logs', 'policies'];

/** The scope a check is about (shown as the check's permission). */
export const CHECK_SCOPE: Record<OktaCheckName, string> = {
  users: 'okta.users.read',
  factors: 'okta.users.read',
  groups: 'okta.groups.read',
  roles: 'okta.roles.read',
  apps: 'okta.apps.read',
  logs: 'okta.logs.read',
  policies: 'okta.policies.read',
};

/**
 * Every scope a data set's calls need. Roles finds admin groups through `/groups?expand=stats`
 * (hasAdminPrivlege), so it needs okta.groups.read besides okta.roles.read.
 */
export const DATA_SET_SCOPES: Record<OktaDataSetName, readonly string[]> = {
  users: ['okta.users.read'],
  groups: ['okta.groups.read'],
  roles: ['okta.roles.read', 'okta.groups.read'],
  apps: ['okta.apps.read'],
  logs: ['okta.logs.read'],
  policies: ['okta.policies.read'],
};

/**
 * Scopes a data set uses when it may, without failing when refused: users and groups read the System Log as
 * their change feed (deletions, factor changes); refused, they are read whole (with a warning).
 */
export const CHANGE_FEED_SCOPES: Partial<Record<OktaDataSetName, readonly string[]>> = {
  users: ['okta.logs.read'],
  groups: ['okta.logs.read'],
};

/** The distinct scopes the given data sets ask for (their own and their change feed's), in a stable order. */
export function scopesFor(dataSets: readonly OktaDataSetName[]): string[] {
  const all = new Set<string>();
  for (const ds of OKTA_DATA_SETS) {
    if (!dataSets.includes(ds)) continue;
    for (const s of [...DATA_SET_SCOPES[ds], ...(CHANGE_FEED_SCOPES[ds] ?? [])]) all.add(s);
  }
  return [...all];
}

const WHAT: Record<OktaCheckName, string> = {
  users: 'users',
  factors: "users' MFA factors",
  groups: 'groups and their members',
  roles: 'admin role assignments',
  apps: 'apps and their assignments',
  logs: 'the System Log',
  policies: 'sign-on, access and MFA enrollment policies',
};

/** What to do about a provider error code when reading a check's data. */
export function oktaAdvice(check: OktaCheckName, code: string | null | undefined, kind: OktaCredentialKind, scope = CHECK_SCOPE[check]): string {
  switch (code) {
    case 'E0000011':
      return kind === 'apiToken'
        ? 'The API token is invalid, revoked or expired (tokens expire after 30 days unused): create a new one under Security > API > Tokens and configure Okta again.'
        : 'Okta rejected the access token: test again; if it persists, check the service app is active.';
    case 'insufficient_scope':
    case 'invalid_scope':
      return `Grant ${scope} to the service app (Applications > the app > Okta API Scopes), then test again.`;
    case 'E0000006':
      return kind === 'apiToken'
        ? `The token's admin cannot read ${WHAT[check]}: create the token as an admin with Read-only Administrator (or a role that can read ${WHAT[check]}).`
        : `The service app cannot read ${WHAT[check]}: assign it an admin role such as Read-only Administrator (Applications > the app > Admin roles), and grant ${scope}.`;
    case 'E0000015':
      return `The org does not have the feature needed to read ${WHAT[check]} (e.g. Identity Engine for access policies).`;
    case 'E0000047':
      return 'Okta rate-limited the request: wait a minute and try again, or raise the org\'s rate limits.';
    case 'invalid_client':
      return 'Okta rejected the client assertion: check the client id, that the app uses "Public key / Private key" client authentication, and that its JWKS holds this key (and the key id, if set).';
    case 'invalid_dpop_proof':
      return 'Okta rejected the DPoP proof: check the server clock, or turn off "Require DPoP" on the service app.';
    case 'unauthorized_client':
      return 'The service app may not use the client credentials grant: make it an API Services app.';
    default:
      return `Check that the credential can read ${WHAT[check]} (${scope}).`;
  }
}
