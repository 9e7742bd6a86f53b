/**
 * What each data set needs from the tenant, and what to do when Graph refuses it: the texts that
 * connection tests and failed runs show next to Graph's error code.
 */
import { TwinError, errorMessage } from '../../errors.js';

export const ENTRA_DATA_SETS = ['users', 'mfa', 'groups', 'roles', 'signIns', 'policies', 'apps'] as const;
export type EntraDataSetName = (typeof ENTRA_DATA_SETS)[number];

export function isEntraDataSet(name: string): name is EntraDataSetName {
  return (ENTRA_DATA_SETS as readonly string[]).includes(name);
}

export interface DataSetNeeds {
  /** Application permission(s), least privilege first. */
  permission: string;
  /** The licence the data set needs, if any. */
  licence?: string;
  /** What is read, for messages. */
  what: string;
}

export const NEEDS: Record<EntraDataSetName, DataSetNeeds> = {
  users: { permission: 'User.Read.All', what: 'users' },
  mfa: { permission: 'AuditLog.Read.All', licence: 'Entra ID P1', what: 'MFA registration details (userRegistrationDetails)' },
  groups: { permission: 'GroupMember.Read.All', what: 'groups and their members' },
  roles: { permission: 'RoleManagement.Read.Directory', what: 'directory role assignments' },
  signIns: { permission: 'AuditLog.Read.All', licence: 'Entra ID P1', what: 'sign-in logs' },
  policies: { permission: 'Policy.Read.All', licence: 'Entra ID P1', what: 'Conditional Access policies' },
  apps: { permission: 'Application.Read.All, DelegatedPermissionGrant.Read.All', what: 'applications, service principals and their granted permissions' },
};

/** Permission (or licence) that is optional for a data set: refusing it only drops some fields. */
export const SIGN_IN_ACTIVITY = { permission: 'AuditLog.Read.All', licence: 'Entra ID P1' } as const;
export const PIM_ELIGIBILITY = { permission: 'RoleEligibilitySchedule.Read.Directory', licence: 'Entra ID P2 or Entra ID Governance' } as const;

export function grant(permission: string): string {
  const many = permission.includes(',');
  const list = permission.split(/\s*,\s*/).join(' and ');
  return many
    ? `grant ${list} to the app as Application permissions (not Delegated) and admin-consent them`
    : `grant ${list} to the app as an Application permission (not Delegated) and admin-consent it`;
}

/**
 * What to do about a Graph error code met while reading a data set; `permission` narrows the advice to
 * the one permission a failed request needed.
 */
export function entraAdvice(dataSet: EntraDataSetName, code: string | undefined, permission?: string): string {
  const needs = permission ? { ...NEEDS[dataSet], permission } : NEEDS[dataSet];
  switch (code) {
    case 'Authorization_RequestDenied':
    case 'AccessDenied':
    case 'Forbidden':
      return grant(needs.permission);
    case 'Authentication_MSGraphPermissionMissing':
      return grant('AuditLog.Read.All');
    case 'PermissionScopeNotGranted':
      return grant(needs.permission);
    case 'Authentication_RequestFromNonPremiumTenantOrB2CTenant':
      return `the tenant needs ${needs.licence ?? 'Entra ID P1'} for ${needs.what}`;
    case 'AadPremiumLicenseRequired':
      return `the tenant needs ${PIM_ELIGIBILITY.licence} for PIM eligibility`;
    case 'InvalidAuthenticationToken':
      return 'Graph rejected the token: check that ENTRA_GRAPH_ENDPOINT and ENTRA_AUTHORITY_HOST belong to the same cloud';
    case 'TooManyRequests':
      return 'Graph kept throttling the app; sync again later';
    default:
      return `check that the app has ${needs.permission}${needs.licence ? ` and the tenant ${needs.licence}` : ''}`;
  }
}

/**
 * A failed data set's error with what to do appended, keeping its code and provider code. Errors that are
 * not Graph's refusals (database, bad responses) pass unchanged.
 */
export function withAdvice(dataSet: EntraDataSetName, err: unknown): unknown {
  if (!(err instanceof TwinError)) return err;
  if (!['UPSTREAM_PERMISSION_DENIED', 'UPSTREAM_LICENSE_REQUIRED', 'UPSTREAM_AUTH_FAILED', 'UPSTREAM_THROTTLED'].includes(err.code)) return err;
  return new TwinError(err.code, `${errorMessage(err)} (${dataSet}: ${entraAdvice(dataSet, err.providerCode)})`, {
    ...(err.providerCode ? { providerCode: err.providerCode } : {}),
    ...(err.details ? { details: err.details } : {}),
    cause: err,
  });
}
