/**
 * testEntraIdConnection: a token, then one small page of each data set, so the admin sees which
 * permissions work before syncing. Each check names the permission the data set needs and, on failure,
 * Graph's error code and what to do. Optional parts (signInActivity, PIM eligibility) are noted on a
 * passing check instead of failing it, as a sync would only warn about them.
 */
import { TwinError, errorMessage } from '../../errors.js';
import type { ConnectionCheckResult, ConnectionTestResult } from '../types.js';
import { GLOBAL_ADMIN_TEMPLATE_ID } from '../../model/vocabulary.js';
import { BUCKET } from './buckets.js';
import { ENTRA_DATA_SETS, NEEDS, PIM_ELIGIBILITY, SIGN_IN_ACTIVITY, entraAdvice, type EntraDataSetName } from './access.js';
import type { EntraSession } from './session.js';

interface Probe {
  url: string;
  bucket: string;
  /** The permission this request needs when it is not the data set's whole list. */
  permission?: string;
}

const roleFilter = `$filter=${encodeURIComponent(`roleDefinitionId eq '${GLOBAL_ADMIN_TEMPLATE_ID}'`)}`;

/** The requests whose success means the data set can be synced. */
const PROBES: Record<EntraDataSetName, Probe[]> = {
  users: [{ url: '/users?$select=id&$top=1', bucket: BUCKET.directory }],
  mfa: [{ url: '/reports/authenticationMethods/userRegistrationDetails?$top=1', bucket: BUCKET.reports }],
  groups: [{ url: '/groups?$select=id&$top=1', bucket: BUCKET.directory }],
  roles: [{ url: `/roleManagement/directory/roleAssignments?${roleFilter}`, bucket: BUCKET.directory }],
  signIns: [{ url: '/auditLogs/signIns?$top=1', bucket: BUCKET.signIns }],
  policies: [{ url: '/identity/conditionalAccess/policies', bucket: BUCKET.ca }],
  apps: [
    { url: '/applications?$select=id&$top=1', bucket: BUCKET.directory, permission: 'Application.Read.All' },
    { url: '/servicePrincipals?$select=id&$top=1', bucket: BUCKET.directory, permission: 'Application.Read.All' },
    { url: '/oauth2PermissionGrants?$top=1', bucket: BUCKET.directory, permission: 'DelegatedPermissionGrant.Read.All' },
  ],
};

/** Optional parts: refusing them only drops some fields, so they annotate a passing check. */
const OPTIONAL: Partial<Record<EntraDataSetName, { probe: Probe; what: string; needs: { permission: string; licence: string } }>> = {
  users: {
    probe: { url: '/users?$select=id,signInActivity&$top=1', bucket: BUCKET.reports },
    what: 'signInActivity (last sign-in dates)',
    needs: SIGN_IN_ACTIVITY,
  },
  roles: {
    probe: { url: `/roleManagement/directory/roleEligibilityScheduleInstances?${roleFilter}`, bucket: BUCKET.directory },
    what: 'PIM eligibility',
    needs: PIM_ELIGIBILITY,
  },
};

function failureDetail(name: EntraDataSetName, err: unknown, permission?: string): string {
  if (!(err instanceof TwinError)) return errorMessage(err);
  const code = err.providerCode ?? err.code;
  if (err.code === 'UPSTREAM_PERMISSION_DENIED' || err.code === 'UPSTREAM_LICENSE_REQUIRED') {
    return `${code}: ${entraAdvice(name, err.providerCode, permission)}`;
  }
  return `${code}: ${errorMessage(err)}`;
}

function optionalDetail(what: string, needs: { permission: string; licence: string }, err: unknown): string {
  const code = err instanceof TwinError ? (err.providerCode ?? err.code) : 'error';
  const todo = err instanceof TwinError && err.code === 'UPSTREAM_LICENSE_REQUIRED'
    ? `the tenant needs ${needs.licence} for ${what}`
    : `grant ${needs.permission} to the app as an Application permission and admin-consent it to get ${what}`;
  return `readable, but ${what} is not (${code}): ${todo}; the sync goes on without it`;
}

async function check(session: EntraSession, name: EntraDataSetName): Promise<ConnectionCheckResult> {
  const permission = NEEDS[name].permission;
  for (const probe of PROBES[name]) {
    try {
      await session.client.get<unknown>(probe.url, { bucket: probe.bucket });
    } catch (err) {
      return { name, ok: false, permission, detail: failureDetail(name, err, probe.permission) };
    }
  }
  const optional = OPTIONAL[name];
  if (optional) {
    try {
      await session.client.get<unknown>(optional.probe.url, { bucket: optional.probe.bucket });
    } catch (err) {
      if (err instanceof TwinError && (err.code === 'UPSTREAM_PERMISSION_DENIED' || err.code === 'UPSTREAM_LICENSE_REQUIRED')) {
        return { name, ok: true, permission: `${permission}; ${optional.needs.permission} (optional)`, detail: optionalDetail(optional.what, optional.needs, err) };
      }
      return { name, ok: false, permission, detail: failureDetail(name, err) };
    }
  }
  return { name, ok: true, permission, detail: null };
}

export async function testEntraConnection(session: EntraSession): Promise<ConnectionTestResult> {
  try {
    await session.authenticate();
  } catch (err) {
    return { ok: false, message: errorMessage(err), checks: [] };
  }
  const checks = await Promise.all(ENTRA_DATA_SETS.map((name) => check(session, name)));
  const failed = checks.filter((c) => !c.ok);
  const tenant = session.keys().tenantId;
  const message = failed.length === 0
    ? `Connected to tenant ${tenant}: all ${checks.length} data sets are readable`
    : `Connected to tenant ${tenant}, but ${failed.length} of ${checks.length} data sets cannot be read: ${failed.map((c) => c.name).join(', ')}`;
  return { ok: failed.length === 0, message, checks };
}
