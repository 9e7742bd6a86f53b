/**
 * Conditional access: 8 to 15 policies as tenants really have them: an enabled MFA baseline for
 * all users and apps excluding break-glass, legacy-auth block, phishing-resistant strength for
 * admin roles, risk-based policies, and report-only and disabled ones that must not count.
 */
import type { GraphAuthenticationStrength, GraphConditionalAccessPolicyFixture } from '../../entra/fixture.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { CA_OPTIONAL_POLICY } from '../distributions.js';
import { guid } from '../ids.js';
import type { Rng } from '../random.js';
import { DAY_MS, graphTime } from '../time.js';
import { ROLE } from './microsoft-catalog.js';

type Policy = GraphConditionalAccessPolicyFixture;
type Conditions = Policy['conditions'];
type Users = NonNullable<Conditions['users']>;

export interface CaPolicies {
  policies: Policy[];
  /** Ids of the policies the sign-in builder reports on. */
  ids: { mfaAll: string; legacyBlock: string; adminStrength: string; signInRisk: string; compliantDevice: string };
}

const PHISHING_RESISTANT: GraphAuthenticationStrength = {
  id: '00000000-0000-0000-0000-000000000004',
  displayName: 'Phishing-resistant MFA',
  description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
  policyType: 'builtIn',
  requirementsSatisfied: 'mfa',
  allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  createdDateTime: '2021-12-01T08:00:00Z',
  modifiedDateTime: '2021-12-01T08:00:00Z',
};

const ADMIN_ROLES = [
  ROLE.globalAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
  ROLE.securityAdministrator,
  ROLE.conditionalAccessAdministrator,
  ROLE.exchangeAdministrator,
  ROLE.sharePointAdministrator,
  ROLE.userAdministrator,
  ROLE.helpdeskAdministrator,
  ROLE.applicationAdministrator,
];

function users(partial: Partial<Users>): Users {
  return {
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...partial,
  };
}

function apps(include: string[], extra: Partial<NonNullable<Conditions['applications']>> = {}): NonNullable<Conditions['applications']> {
  return { includeApplications: include, excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], applicationFilter: null, ...extra };
}

function conditions(partial: Partial<Conditions>): Conditions {
  return {
    users: null,
    applications: null,
    clientApplications: null,
    clientAppTypes: ['all'],
    signInRiskLevels: [],
    userRiskLevels: [],
    servicePrincipalRiskLevels: [],
    platforms: null,
    locations: null,
    devices: null,
    authenticationFlows: null,
    insiderRiskLevels: null,
    ...partial,
  };
}

function grant(operator: 'AND' | 'OR', builtInControls: string[], strength?: GraphAuthenticationStrength): NonNullable<Policy['grantControls']> {
  return {
    operator,
    builtInControls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: strength ?? null,
    ...(strength ? { 'authenticationStrength@odata.context': "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies('id')/grantControls/authenticationStrength/$entity" } : {}),
  };
}

function policy(rng: Rng, now: number, displayName: string, state: Policy['state'], cond: Conditions, grantControls: Policy['grantControls'], sessionControls: Policy['sessionControls'] = null): Policy {
  const created = now - (60 + rng.float() * 900) * DAY_MS;
  return {
    id: guid(rng),
    displayName,
    description: null,
    state,
    createdDateTime: graphTime(created),
    modifiedDateTime: rng.chance(0.6) ? graphTime(created + rng.float() * (now - created)) : null,
    templateId: null,
    conditions: cond,
    grantControls,
    sessionControls,
  };
}

export function buildConditionalAccess(context: ScenarioContext, breakGlassUserIds: string[], exclusionGroupId: string): CaPolicies {
  const rng = streamOf(context, 'entra-ca');
  const now = context.now;
  const allUsersExcept = users({ includeUsers: ['All'], excludeUsers: breakGlassUserIds, excludeGroups: [exclusionGroupId] });
  const mfaAll = policy(rng, now, 'CA001: Require multifactor authentication for all users', 'enabled', conditions({ users: allUsersExcept, applications: apps(['All']) }), grant('OR', ['mfa']));
  const legacy = policy(
    rng,
    now,
    'CA002: Block legacy authentication',
    'enabled',
    conditions({ users: allUsersExcept, applications: apps(['All']), clientAppTypes: ['exchangeActiveSync', 'other'] }),
    grant('OR', ['block']),
  );
  const adminStrength = policy(
    rng,
    now,
    'CA003: Require phishing-resistant MFA for administrators',
    'enabled',
    conditions({ users: users({ includeRoles: ADMIN_ROLES, excludeUsers: breakGlassUserIds }), applications: apps(['All']) }),
    grant('OR', [], PHISHING_RESISTANT),
  );
  const signInRisk = policy(
    rng,
    now,
    'CA004: Require MFA for medium and high sign-in risk',
    'enabled',
    conditions({ users: allUsersExcept, applications: apps(['All']), signInRiskLevels: ['high', 'medium'] }),
    grant('OR', ['mfa']),
    { applicationEnforcedRestrictions: null, cloudAppSecurity: null, signInFrequency: { isEnabled: true, value: null, type: null, authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'everyTime' }, persistentBrowser: null, disableResilienceDefaults: null },
  );
  const userRisk = policy(
    rng,
    now,
    'CA005: Require password change for high-risk users',
    'enabled',
    conditions({ users: allUsersExcept, applications: apps(['All']), userRiskLevels: ['high'] }),
    grant('AND', ['mfa', 'passwordChange']),
  );
  const compliant = policy(
    rng,
    now,
    'CA006: Require compliant or hybrid joined device for Office 365',
    'enabledForReportingButNotEnforced',
    conditions({ users: allUsersExcept, applications: apps(['Office365']), platforms: { includePlatforms: ['windows', 'macOS'], excludePlatforms: [] } }),
    grant('OR', ['compliantDevice', 'domainJoinedDevice']),
  );
  const countries = policy(
    rng,
    now,
    'CA007: Block access from outside allowed countries',
    'enabledForReportingButNotEnforced',
    conditions({ users: allUsersExcept, applications: apps(['All']), locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }),
    grant('OR', ['block']),
  );
  const azureMfa = policy(
    rng,
    now,
    'CA008: Require MFA for Azure management (superseded by CA001)',
    'disabled',
    conditions({ users: users({ includeUsers: ['All'] }), applications: apps(['797f4846-ba00-4fd7-ba43-dac1f8f63013']) }),
    grant('OR', ['mfa']),
  );
  const policies = [mfaAll, legacy, adminStrength, signInRisk, userRisk, compliant, countries, azureMfa];

  const optional: Array<() => Policy> = [
    () =>
      policy(
        rng,
        now,
        'CA009: Require MFA for guests and external users',
        'enabled',
        conditions({
          users: users({
            includeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider',
              externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' },
            },
          }),
          applications: apps(['All']),
        }),
        grant('OR', ['mfa']),
      ),
    () =>
      policy(
        rng,
        now,
        'CA010: Sign-in frequency for admin portals',
        'enabledForReportingButNotEnforced',
        conditions({ users: users({ includeRoles: ADMIN_ROLES }), applications: apps(['MicrosoftAdminPortals']) }),
        null,
        { applicationEnforcedRestrictions: null, cloudAppSecurity: null, signInFrequency: { isEnabled: true, value: 4, type: 'hours', authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'timeBased' }, persistentBrowser: null, disableResilienceDefaults: null },
      ),
    () =>
      policy(
        rng,
        now,
        'CA011: Block device code flow',
        'enabledForReportingButNotEnforced',
        conditions({ users: allUsersExcept, applications: apps(['All']), authenticationFlows: { transferMethods: 'deviceCodeFlow' } }),
        grant('OR', ['block']),
      ),
    () =>
      policy(
        rng,
        now,
        'CA012: Secure security info registration',
        'enabled',
        conditions({ users: allUsersExcept, applications: apps([], { includeUserActions: ['urn:user:registersecurityinfo'] }), locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }),
        grant('OR', ['mfa']),
      ),
    () =>
      policy(
        rng,
        now,
        'CA013: Block Linux platforms (pilot)',
        'disabled',
        conditions({ users: users({ includeUsers: ['All'] }), applications: apps(['All']), platforms: { includePlatforms: ['linux'], excludePlatforms: [] } }),
        grant('OR', ['block']),
      ),
    () =>
      policy(
        rng,
        now,
        'CA014: Require app protection on mobile',
        'enabledForReportingButNotEnforced',
        conditions({ users: allUsersExcept, applications: apps(['Office365']), platforms: { includePlatforms: ['android', 'iOS'], excludePlatforms: [] } }),
        grant('OR', ['approvedApplication', 'compliantApplication']),
      ),
    () =>
      policy(
        rng,
        now,
        'CA015: No persistent browser on unmanaged devices',
        'disabled',
        conditions({ users: allUsersExcept, applications: apps(['All']), devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"' } } }),
        null,
        { applicationEnforcedRestrictions: null, cloudAppSecurity: null, signInFrequency: null, persistentBrowser: { isEnabled: true, mode: 'never' }, disableResilienceDefaults: false },
      ),
  ];
  for (const make of optional) {
    const built = make();
    if (rng.chance(CA_OPTIONAL_POLICY)) policies.push(built);
  }
  return {
    policies,
    ids: { mfaAll: mfaAll.id, legacyBlock: legacy.id, adminStrength: adminStrength.id, signInRisk: signInRisk.id, compliantDevice: compliant.id },
  };
}
