/**
 * Entra applications and service principals: the company's app registrations (from the shared
 * catalogue, each with its Application service principal), Microsoft first-party service
 * principals (Graph with its real permission ids), managed identities, the Graph application
 * permissions granted to them, and delegated consents.
 */
import type {
  GraphApplicationFixture,
  GraphAppRoleFixture,
  GraphAppRoleAssignmentFixture,
  GraphKeyCredential,
  GraphOAuth2PermissionGrant,
  GraphPasswordCredential,
  GraphPermissionScope,
  GraphServicePrincipalFixture,
} from '../../entra/fixture.js';
import type { AppCatalog, EntraAppSpec } from '../app-catalog.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import {
  APP_DELEGATED_CONSENT,
  APP_GRAPH_READ_PERMISSIONS,
  APP_GRAPH_READWRITE_PERMISSIONS,
  APP_HAS_CERTIFICATE,
  APP_HAS_SECRET,
  PEOPLE_PER_MANAGED_IDENTITY,
  SECRET_EXPIRED,
  SECRET_EXPIRING_SOON,
} from '../distributions.js';
import { base64Guid, guid, opaque, token } from '../ids.js';
import type { People } from '../people.js';
import type { Rng } from '../random.js';
import { DAY_MS, graphTime } from '../time.js';
import type { PermissionDef } from './microsoft-catalog.js';
import { EXCHANGE_APP_ID, FIRST_PARTY_APPS, GRAPH_APP_ID, GRAPH_SCOPES, MICROSOFT_TENANT_ID, graphRole } from './microsoft-catalog.js';

/** Graph returns these beyond the fixture's typed core; the twin reads them for sign-on hosts. */
export type SyntheticApplication = GraphApplicationFixture & {
  web: { redirectUris: string[]; homePageUrl: string | null; logoutUrl: string | null };
};
export type SyntheticServicePrincipal = GraphServicePrincipalFixture & {
  loginUrl: string | null;
  replyUrls: string[];
  homepage: string | null;
};

export interface SignInApp {
  appId: string;
  displayName: string;
  resource: { appId: string; displayName: string } | null;
  weight: number;
}

export interface EntraApps {
  applications: SyntheticApplication[];
  servicePrincipals: SyntheticServicePrincipal[];
  appRoleAssignments: GraphAppRoleAssignmentFixture[];
  oauth2PermissionGrants: GraphOAuth2PermissionGrant[];
  /** Service principals of the catalogue, by catalogue key. */
  spByKey: Map<string, SyntheticServicePrincipal>;
  signInApps: SignInApp[];
  /** Service principals holding a Graph application permission whose value contains ReadWrite. */
  highPrivilegeSpIds: Set<string>;
  passwordSsoSpIds: string[];
  managedIdentities: number;
}

const EMPTY: never[] = [];
const READ_PERMISSIONS = ['User.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Reports.Read.All', 'GroupMember.Read.All', 'Mail.Read'];
const READWRITE_PERMISSIONS = ['Mail.ReadWrite', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'Files.ReadWrite.All'];
/** Consent strings as tenants store them: sometimes with leading, trailing or doubled spaces. */
const SCOPE_STRINGS = ['openid profile email User.Read', ' openid profile User.Read  offline_access', 'User.Read ', 'User.Read Mail.Read  Calendars.Read', 'openid email offline_access User.Read.All '];

function toAppRole(def: PermissionDef, memberTypes: string[]): GraphAppRoleFixture {
  return { id: def.id, value: def.value, displayName: def.displayName, description: def.displayName, allowedMemberTypes: memberTypes, isEnabled: true, origin: 'Application' };
}

function toScope(def: PermissionDef & { type: 'User' | 'Admin' }): GraphPermissionScope {
  return {
    id: def.id,
    value: def.value,
    type: def.type,
    isEnabled: true,
    adminConsentDisplayName: def.displayName,
    adminConsentDescription: def.displayName,
    userConsentDisplayName: def.type === 'User' ? def.displayName : null,
    userConsentDescription: def.type === 'User' ? def.displayName : null,
  };
}

interface Ctx {
  context: ScenarioContext;
  rng: Rng;
}

function secret(c: Ctx, expiry: 'expired' | 'soon' | 'ok'): GraphPasswordCredential {
  const { rng, context } = c;
  const end =
    expiry === 'expired' ? context.now - (1 + rng.float() * 200) * DAY_MS : expiry === 'soon' ? context.now + (1 + rng.float() * 28) * DAY_MS : context.now + (60 + rng.float() * 600) * DAY_MS;
  return {
    keyId: guid(rng),
    displayName: rng.pick(['prod', 'client secret', 'rotation-2024', 'ci-pipeline', null]),
    hint: token(rng, 3),
    startDateTime: graphTime(end - (expiry === 'ok' ? 730 : 365) * DAY_MS),
    endDateTime: graphTime(end),
    secretText: null,
    customKeyIdentifier: null,
  };
}

function certificate(c: Ctx, usage: 'Verify' | 'Sign'): GraphKeyCredential {
  const { rng, context } = c;
  const end = context.now + (30 + rng.float() * 1000) * DAY_MS;
  return {
    keyId: guid(rng),
    displayName: `CN=${usage === 'Sign' ? 'Microsoft Azure Federated SSO Certificate' : 'app-cert'}`,
    type: 'AsymmetricX509Cert',
    usage,
    startDateTime: graphTime(end - 3 * 365 * DAY_MS),
    endDateTime: graphTime(end),
    customKeyIdentifier: base64Guid(rng).slice(0, 22),
    key: null,
  };
}

function secretExpiry(c: Ctx): 'expired' | 'soon' | 'ok' {
  const x = c.rng.float();
  return x < SECRET_EXPIRED ? 'expired' : x < SECRET_EXPIRED + SECRET_EXPIRING_SOON ? 'soon' : 'ok';
}

export function buildEntraApps(context: ScenarioContext, catalog: AppCatalog, people: People, connector: { clientId: string; permissions: string[] }): EntraApps {
  const rng = streamOf(context, 'entra-apps');
  const c: Ctx = { context, rng };
  const applications: SyntheticApplication[] = [];
  const servicePrincipals: SyntheticServicePrincipal[] = [];
  const appRoleAssignments: GraphAppRoleAssignmentFixture[] = [];
  const oauth2PermissionGrants: GraphOAuth2PermissionGrant[] = [];
  const spByKey = new Map<string, SyntheticServicePrincipal>();
  const highPrivilegeSpIds = new Set<string>();
  const passwordSsoSpIds: string[] = [];
  const signInApps: SignInApp[] = [];

  // Microsoft first-party service principals.
  const firstParty = new Map<string, SyntheticServicePrincipal>();
  for (const app of FIRST_PARTY_APPS) {
    const sp: SyntheticServicePrincipal = {
      id: guid(rng),
      appId: app.appId,
      displayName: app.displayName,
      appDisplayName: app.displayName,
      accountEnabled: true,
      appOwnerOrganizationId: MICROSOFT_TENANT_ID,
      servicePrincipalType: 'Application',
      appRoleAssignmentRequired: false,
      tags: EMPTY,
      servicePrincipalNames: [app.appId],
      signInAudience: 'AzureADMultipleOrgs',
      preferredSingleSignOnMode: null,
      passwordCredentials: EMPTY,
      keyCredentials: EMPTY,
      appRoles: app.appRoles.map((r) => toAppRole(r, ['Application'])),
      oauth2PermissionScopes: app.appId === GRAPH_APP_ID ? GRAPH_SCOPES.map(toScope) : EMPTY,
      loginUrl: null,
      replyUrls: EMPTY,
      homepage: null,
    };
    servicePrincipals.push(sp);
    firstParty.set(app.appId, sp);
    if (app.signInWeight > 0) signInApps.push({ appId: app.appId, displayName: app.displayName, resource: app.resource, weight: app.signInWeight });
  }
  const graphSp = firstParty.get(GRAPH_APP_ID) as SyntheticServicePrincipal;
  const exchangeSp = firstParty.get(EXCHANGE_APP_ID) as SyntheticServicePrincipal;

  const grantAppRole = (sp: SyntheticServicePrincipal, resource: SyntheticServicePrincipal, role: PermissionDef): void => {
    appRoleAssignments.push({
      id: opaque(rng, 43),
      appRoleId: role.id,
      principalId: sp.id,
      principalType: 'ServicePrincipal',
      principalDisplayName: sp.displayName,
      resourceId: resource.id,
      resourceDisplayName: resource.displayName,
      createdDateTime: graphTime(context.now - rng.float() * 700 * DAY_MS),
      deletedDateTime: null,
    });
    if (resource === graphSp && role.value.includes('ReadWrite')) highPrivilegeSpIds.add(sp.id);
  };

  const enterpriseApps = catalog.apps.filter((a) => a.entra);
  enterpriseApps.forEach((entry, i) => {
    const spec = entry.entra as EntraAppSpec;
    const generated = entry.key.startsWith('entra-');
    const appId = spec.isConnector ? connector.clientId : guid(rng);
    const created = context.now - (20 + rng.float() * 1400) * DAY_MS;
    let graphPermissions = spec.isConnector ? connector.permissions : spec.graphAppPermissions;
    if (generated) {
      if (rng.chance(APP_GRAPH_READWRITE_PERMISSIONS)) graphPermissions = [rng.pick(READWRITE_PERMISSIONS)];
      else if (rng.chance(APP_GRAPH_READ_PERMISSIONS)) graphPermissions = [...new Set([rng.pick(READ_PERMISSIONS), rng.pick(READ_PERMISSIONS)])];
    }
    let delegated = spec.delegatedScope;
    if (generated && rng.chance(APP_DELEGATED_CONSENT)) delegated = rng.pick(SCOPE_STRINGS);
    else if (delegated && rng.chance(0.4)) delegated = rng.pick(SCOPE_STRINGS);

    // Secrets: the catalogue's first non-SSO apps show one expiring soon and one expired.
    const passwordCredentials: GraphPasswordCredential[] = [];
    if (entry.key === 'audit-connector') passwordCredentials.push(secret(c, 'soon'));
    else if (entry.key === 'payroll-api') passwordCredentials.push(secret(c, 'expired'), secret(c, 'ok'));
    else if (spec.sso !== 'saml' && spec.sso !== 'password' && rng.chance(APP_HAS_SECRET)) passwordCredentials.push(secret(c, secretExpiry(c)));
    const keyCredentials = rng.chance(APP_HAS_CERTIFICATE) ? [certificate(c, 'Verify')] : EMPTY;

    const requiredResourceAccess: GraphApplicationFixture['requiredResourceAccess'] = [];
    const roles = graphPermissions.flatMap((value) => graphRole(value) ?? []);
    const access: Array<{ id: string; type: 'Scope' | 'Role' }> = roles.map((role) => ({ id: role.id, type: 'Role' as const }));
    for (const value of (delegated ?? '').split(' ')) {
      const scope = GRAPH_SCOPES.find((s) => s.value === value);
      if (scope) access.push({ id: scope.id, type: 'Scope' });
    }
    if (access.length > 0) requiredResourceAccess.push({ resourceAppId: GRAPH_APP_ID, resourceAccess: access });

    const homePage = spec.loginUrl ?? (spec.replyUrls[0] ? new URL(spec.replyUrls[0]).origin : null);
    applications.push({
      id: guid(rng),
      appId,
      displayName: spec.displayName,
      createdDateTime: graphTime(created),
      publisherDomain: context.domain,
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess,
      passwordCredentials,
      keyCredentials,
      tags: EMPTY,
      web: { redirectUris: spec.sso === 'oidc' || spec.sso === 'saml' ? spec.replyUrls : EMPTY, homePageUrl: homePage, logoutUrl: null },
    });

    const isSaml = spec.sso === 'saml';
    const sp: SyntheticServicePrincipal = {
      id: guid(rng),
      appId,
      displayName: spec.displayName,
      appDisplayName: spec.displayName,
      accountEnabled: !(generated && rng.chance(0.03)),
      appOwnerOrganizationId: context.tenantId,
      servicePrincipalType: 'Application',
      appRoleAssignmentRequired: isSaml,
      tags: isSaml || spec.sso === 'password' ? ['WindowsAzureActiveDirectoryIntegratedApp', 'WindowsAzureActiveDirectoryCustomSingleSignOnApplication'] : ['WindowsAzureActiveDirectoryIntegratedApp'],
      servicePrincipalNames: isSaml && spec.replyUrls[0] ? [appId, new URL(spec.replyUrls[0]).origin] : [appId],
      signInAudience: 'AzureADMyOrg',
      preferredSingleSignOnMode: isSaml ? 'saml' : spec.sso === 'password' ? 'password' : spec.sso === 'oidc' ? 'oidc' : null,
      passwordCredentials: EMPTY,
      keyCredentials: isSaml ? [certificate(c, 'Sign')] : EMPTY,
      appRoles: isSaml
        ? [
            { id: guid(rng), value: null, displayName: 'User', description: 'User', allowedMemberTypes: ['User'], isEnabled: true, origin: 'Application' },
            { id: guid(rng), value: null, displayName: 'msiam_access', description: 'msiam_access', allowedMemberTypes: ['User'], isEnabled: true, origin: 'Application' },
          ]
        : EMPTY,
      oauth2PermissionScopes: EMPTY,
      loginUrl: spec.loginUrl,
      replyUrls: spec.replyUrls,
      homepage: homePage,
    };
    servicePrincipals.push(sp);
    spByKey.set(entry.key, sp);
    if (spec.sso === 'password') passwordSsoSpIds.push(sp.id);
    if (spec.sso !== null && !generated) signInApps.push({ appId, displayName: spec.displayName, resource: null, weight: 0.2 / Math.max(1, enterpriseApps.length) + 0.01 });

    for (const role of roles) grantAppRole(sp, graphSp, role);
    if (entry.key === 'backup') grantAppRole(sp, exchangeSp, { id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', value: 'full_access_as_app', displayName: 'full_access_as_app' });
    if (delegated) {
      oauth2PermissionGrants.push({ id: opaque(rng, 43), clientId: sp.id, consentType: 'AllPrincipals', principalId: null, resourceId: graphSp.id, scope: delegated });
    }
    // A few users consented for themselves to a generated app.
    if (generated && i % 7 === 0) {
      const person = people.all[rng.int(people.all.length)];
      if (person?.entra && !person.entra.guest) {
        oauth2PermissionGrants.push({ id: opaque(rng, 43), clientId: sp.id, consentType: 'Principal', principalId: person.entra.id, resourceId: graphSp.id, scope: 'User.Read Mail.Read offline_access' });
      }
    }
  });

  // Managed identities: Azure resources calling Graph, one with a ReadWrite permission.
  const managedIdentities = Math.max(2, Math.round(people.all.length / PEOPLE_PER_MANAGED_IDENTITY));
  for (let i = 0; i < managedIdentities; i++) {
    const appId = guid(rng);
    const name = `${rng.pick(['func', 'vm', 'logic', 'aks', 'webapp'])}-${rng.pick(['billing', 'reports', 'sync', 'ingest', 'backup', 'alerts'])}-${String(i + 1).padStart(2, '0')}`;
    const sp: SyntheticServicePrincipal = {
      id: guid(rng),
      appId,
      displayName: name,
      appDisplayName: null,
      accountEnabled: true,
      appOwnerOrganizationId: null,
      servicePrincipalType: 'ManagedIdentity',
      appRoleAssignmentRequired: false,
      tags: EMPTY,
      servicePrincipalNames: [appId, `https://identity.azure.net/${token(rng, 43)}=`],
      signInAudience: null,
      preferredSingleSignOnMode: null,
      passwordCredentials: EMPTY,
      keyCredentials: [certificate(c, 'Verify')],
      appRoles: EMPTY,
      oauth2PermissionScopes: EMPTY,
      loginUrl: null,
      replyUrls: EMPTY,
      homepage: null,
    };
    servicePrincipals.push(sp);
    const role = i === 0 ? graphRole('Group.ReadWrite.All') : rng.chance(0.5) ? graphRole(rng.pick(READ_PERMISSIONS)) : undefined;
    if (role) grantAppRole(sp, graphSp, role);
  }

  return { applications, servicePrincipals, appRoleAssignments, oauth2PermissionGrants, spByKey, signInApps, highPrivilegeSpIds, passwordSsoSpIds, managedIdentities };
}
