/**
 * Which application permissions (token `roles`) and which licence each Graph endpoint needs, and
 * the error Graph answers with when one is missing. Write permissions imply read, as in Graph.
 */
import type { AppTokenClaims } from './access-token.js';
import type { EntraTenantFixture } from './fixture.js';
import { type GraphError, graphErrors } from './graph-error.js';

export interface AccessRule {
  anyOf: readonly string[];
  deny: () => GraphError;
  /** P1 is satisfied by P1 or P2. */
  licence?: 'p1' | 'p2';
}

const directoryRead = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const roleRead = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', ...directoryRead];

export const access = {
  users: { anyOf: ['User.Read.All', 'User.ReadWrite.All', ...directoryRead], deny: graphErrors.insufficientPrivileges },
  groups: {
    anyOf: ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', ...directoryRead],
    deny: graphErrors.insufficientPrivileges,
  },
  roles: { anyOf: roleRead, deny: graphErrors.insufficientPrivileges },
  eligibility: {
    anyOf: ['RoleEligibilitySchedule.Read.Directory', 'RoleEligibilitySchedule.ReadWrite.Directory', ...roleRead],
    deny: graphErrors.insufficientPrivileges,
    licence: 'p2',
  },
  /** Sign-in logs, registration reports, and users' signInActivity. */
  auditLogs: { anyOf: ['AuditLog.Read.All'], deny: graphErrors.auditLogPermissionMissing, licence: 'p1' },
  conditionalAccess: { anyOf: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'], deny: graphErrors.policyScopesMissing },
  applications: { anyOf: ['Application.Read.All', 'Application.ReadWrite.All', ...directoryRead], deny: graphErrors.insufficientPrivileges },
  grants: {
    anyOf: ['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', ...directoryRead],
    deny: graphErrors.insufficientPrivileges,
  },
  organization: {
    anyOf: ['Organization.Read.All', 'Organization.ReadWrite.All', ...directoryRead],
    deny: graphErrors.insufficientPrivileges,
  },
} as const satisfies Record<string, AccessRule>;

/** Throws the endpoint's own error when the token or the tenant's licence falls short. */
export function checkAccess(rule: AccessRule, claims: AppTokenClaims, tenant: EntraTenantFixture): void {
  const roles = claims.roles ?? [];
  if (!rule.anyOf.some((permission) => roles.includes(permission))) throw rule.deny();
  if (rule.licence === 'p1' && !tenant.licence.p1 && !tenant.licence.p2) throw graphErrors.nonPremiumTenant();
  if (rule.licence === 'p2' && !tenant.licence.p2) throw graphErrors.premiumP2Required();
}
