/**
 * A small, hand-written Entra tenant (acme-corp.com) that exercises every edge the reference
 * describes: guests with #EXT# UPNs, disabled and never-signed-in users, every kind of
 * methodsRegistered value (and an unknown one), three levels of group nesting, Global
 * Administrator held directly and through a role-assignable group, PIM eligibility, a service
 * principal holding a role, the usual Conditional Access shapes, risky sign-ins, and apps with
 * application and delegated Graph permissions.
 *
 * Dates are relative to `now` so "sign-ins over the last 3 days" stays true whenever tests run.
 */
import { GRAPH_APP_ID } from './access-token.js';
import type {
  EntraTenantFixture,
  GraphAppRoleFixture,
  GraphConditionalAccessPolicyFixture,
  GraphPermissionScope,
  GraphServicePrincipalFixture,
  GraphSignInFixture,
  GraphUserFixture,
  GraphUserRegistrationDetails,
} from './fixture.js';

const TENANT_ID = '5b1f3c2e-8a47-4d9b-b6e1-0c2d4f6a8e13';
const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const FABRIKAM_TENANT_ID = '9c3e7a15-4b2d-4f6e-8a1c-7d5b3e9f2a40';
const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

const userId = (n: number): string => `c0a1e5f0-1b2d-4e3f-8a9b-${n.toString(16).padStart(12, '0')}`;
const groupId = (n: number): string => `9f0a6b1c-2d3e-4f5a-9b8c-${n.toString(16).padStart(12, '0')}`;
const appObjectId = (n: number): string => `3a7c9e1b-5d2f-4a6c-8e0b-${n.toString(16).padStart(12, '0')}`;
const spId = (n: number): string => `5e2d7c1a-9b4f-4e8d-a6c3-${n.toString(16).padStart(12, '0')}`;
const policyId = (n: number): string => `7d4b2e9a-1c6f-4a3e-b5d8-${n.toString(16).padStart(12, '0')}`;
const signInId = (n: number): string => `e07b6c31-9a44-4d0b-8f52-${n.toString(16).padStart(12, '0')}`;

/** Well-known role template ids (MicrosoftDocs/entra-docs permissions reference). */
export const roleTemplates = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;

/** Microsoft Graph app role ids (application permissions); identical in every tenant. */
export const graphAppRoleIds: Readonly<Record<string, string>> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'RoleManagement.Read.All': 'c7fbd983-d9aa-4fa7-84b8-17382c103bc4',
  'RoleEligibilitySchedule.Read.Directory': 'ff278e11-4a33-4d0c-83d2-d01dc58929a5',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'UserAuthenticationMethod.Read.All': '38d9df27-64da-44fd-b7c5-a6fbac20248f',
  'Reports.Read.All': '230c1aed-a721-4c5d-9cb4-a90514e508ef',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
};

/** Microsoft Graph delegated permission (oauth2PermissionScope) ids. */
const graphScopeIds: Readonly<Record<string, string>> = {
  'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  'Mail.Read': '570282fd-fa5c-430d-a7fd-fc8dc98a9dca',
  openid: '37f7f235-527c-4136-accd-4a02d197296e',
  profile: '14dad69e-099b-42c9-810b-d002981feec1',
  email: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0',
  offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
};

const CONNECTOR_PERMISSIONS = [
  'User.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'AuditLog.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.All',
  'Application.Read.All',
  'Directory.Read.All',
];

/** Ids and credentials tests need to talk about the example tenant. */
export const exampleIds = {
  tenantId: TENANT_ID,
  domain: 'acme-corp.com',
  initialDomain: 'acmecorp.onmicrosoft.com',
  clients: {
    /** Every read permission the connector needs. */
    connector: { clientId: 'a3c5e7f9-1b3d-4f5a-8c7e-0d2f4a6b8c10', secret: 'sim~connector~secret', expiredSecret: 'sim~connector~expired' },
    /** User.Read.All only. */
    usersOnly: { clientId: 'b4d6f8a0-2c4e-4a6b-9d8f-1e3a5b7c9d21', secret: 'sim~users-only~secret' },
    /** Registered in the tenant but never consented: its tokens carry no roles. */
    unconsented: { clientId: 'c5e7a9b1-3d5f-4b7c-ae9a-2f4b6c8dae32', secret: 'sim~unconsented~secret' },
  },
  users: {
    alice: userId(1),
    bob: userId(2),
    carol: userId(3),
    dan: userId(4),
    erin: userId(5),
    frank: userId(6),
    grace: userId(7),
    henry: userId(8),
    ivy: userId(9),
    breakGlass: userId(10),
    jack: userId(11),
    kim: userId(12),
  },
  groups: {
    allStaff: groupId(1),
    engineering: groupId(2),
    platformTeam: groupId(3),
    tier0Admins: groupId(4),
    acmeSocial: groupId(5),
    guests: groupId(6),
    automation: groupId(7),
  },
  apps: { connector: appObjectId(1), hrSync: appObjectId(2), expensePortal: appObjectId(3) },
  servicePrincipals: {
    graph: spId(1),
    connector: spId(2),
    hrSync: spId(3),
    expensePortal: spId(4),
    travelBooking: spId(5),
  },
  appIds: {
    hrSync: 'd6f8b0c2-4e6a-4c8d-bf0b-3a5c7d9ebf43',
    expensePortal: 'e7a9c1d3-5f7b-4d9e-8a1c-4b6d8eafc054',
    travelBooking: 'f8b0d2e4-6a8c-4eaf-9b2d-5c7e9fb0d165',
  },
  policies: { requireMfa: policyId(1), blockLegacy: policyId(2), riskyReportOnly: policyId(3), phishingResistantAdmins: policyId(4) },
} as const;

const u = exampleIds.users;
const g = exampleIds.groups;
const sp = exampleIds.servicePrincipals;

function buildUsers(iso: (daysAgo: number, hoursAgo?: number) => string): GraphUserFixture[] {
  const base = (id: string, local: string, display: string, extra: Partial<GraphUserFixture> = {}): GraphUserFixture => {
    const [givenName, surname] = display.split(' ');
    return {
      id,
      userPrincipalName: `${local}@acme-corp.com`,
      displayName: display,
      givenName: givenName ?? null,
      surname: surname ?? null,
      mail: `${local}@acme-corp.com`,
      mailNickname: local,
      accountEnabled: true,
      userType: 'Member',
      createdDateTime: iso(400),
      creationType: null,
      externalUserState: null,
      signInActivity: null,
      onPremisesImmutableId: null,
      onPremisesSyncEnabled: null,
      proxyAddresses: [`SMTP:${local}@acme-corp.com`],
      businessPhones: [],
      mobilePhone: null,
      jobTitle: null,
      officeLocation: null,
      preferredLanguage: 'en-GB',
      ...extra,
    };
  };
  const activity = (interactive: string | null, nonInteractive: string | null, successful: string | null): GraphUserFixture['signInActivity'] => ({
    lastSignInDateTime: interactive,
    lastSignInRequestId: interactive ? '8d2e4c1a-0b3f-4e5d-9c7a-1f2e3d4c5b6a' : null,
    lastNonInteractiveSignInDateTime: nonInteractive,
    lastNonInteractiveSignInRequestId: nonInteractive ? '41aa7b2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c' : null,
    lastSuccessfulSignInDateTime: successful,
    lastSuccessfulSignInRequestId: successful ? '41aa7b2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c' : null,
  });

  return [
    base(u.alice, 'alice.admin', 'Alice Admin', {
      jobTitle: 'IT Director',
      department: 'IT',
      businessPhones: ['+44 20 7946 0001'],
      officeLocation: 'London',
      signInActivity: activity(iso(0, 2), iso(0, 1), iso(0, 1)),
    }),
    base(u.bob, 'bob.builder', 'Bob Builder', {
      jobTitle: 'Platform Engineer',
      department: 'Engineering',
      signInActivity: activity(iso(1, 6), iso(0, 3), iso(0, 3)),
    }),
    base(u.carol, 'carol.chen', 'Carol Chen', {
      jobTitle: 'Engineering Manager',
      department: 'Engineering',
      signInActivity: activity(iso(0, 12), iso(0, 4), iso(0, 4)),
    }),
    base(u.dan, 'dan.disabled', 'Dan Disabled', {
      accountEnabled: false,
      department: 'Sales',
      signInActivity: activity(iso(120), iso(118), iso(120)),
    }),
    base(u.erin, 'erin_fabrikam.com#EXT#', 'Erin External', {
      userPrincipalName: 'erin_fabrikam.com#EXT#@acmecorp.onmicrosoft.com',
      mail: 'erin@fabrikam.com',
      mailNickname: 'erin_fabrikam.com#EXT#',
      otherMails: ['erin@fabrikam.com'],
      userType: 'Guest',
      creationType: 'Invitation',
      externalUserState: 'Accepted',
      externalUserStateChangeDateTime: iso(90),
      proxyAddresses: ['SMTP:erin_fabrikam.com#EXT#@acmecorp.onmicrosoft.com'],
      signInActivity: activity(iso(0, 5), null, iso(0, 5)),
      identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
    }),
    // Never signed in: signInActivity is null.
    base(u.frank, 'frank.new', 'Frank New', { createdDateTime: iso(10), department: 'Finance' }),
    // Never signed in, the way Graph's own example shows it: sentinel and empty dates.
    base(u.grace, 'grace.zero', 'Grace Zero', {
      department: 'Finance',
      signInActivity: {
        lastSignInDateTime: '0001-01-01T00:00:00Z',
        lastSignInRequestId: '',
        lastNonInteractiveSignInDateTime: '',
        lastNonInteractiveSignInRequestId: '',
        lastSuccessfulSignInDateTime: null,
        lastSuccessfulSignInRequestId: null,
      },
    }),
    // Synced from on-premises AD long ago: no createdDateTime, an immutable id, several proxies.
    base(u.henry, 'henry.hybrid', 'Henry Hybrid', {
      createdDateTime: null,
      onPremisesImmutableId: 'pQ7x3RvJ0Uy9a2bC4dE6fA==',
      onPremisesSyncEnabled: true,
      onPremisesSamAccountName: 'hhybrid',
      onPremisesUserPrincipalName: 'henry.hybrid@corp.acme-corp.com',
      onPremisesDomainName: 'corp.acme-corp.com',
      onPremisesLastSyncDateTime: iso(0, 1),
      proxyAddresses: ['SMTP:henry.hybrid@acme-corp.com', 'smtp:hhybrid@acme-corp.com', 'smtp:henry@acmecorp.onmicrosoft.com'],
      signInActivity: activity(iso(2, 17), iso(0, 8), iso(0, 8)),
    }),
    base(u.ivy, 'ivy.security', 'Ivy Security', {
      jobTitle: 'Security Analyst',
      department: 'Security',
      signInActivity: activity(iso(2, 2), iso(0, 6), iso(2, 2)),
    }),
    base(u.breakGlass, 'breakglass', 'Break Glass', {
      userPrincipalName: 'breakglass@acmecorp.onmicrosoft.com',
      mail: null,
      proxyAddresses: [],
      createdDateTime: iso(900),
      signInActivity: activity(iso(2, 22), null, iso(2, 22)),
    }),
    base(u.jack, 'jack.legacy', 'Jack Legacy', {
      department: 'Operations',
      signInActivity: activity(iso(0, 10), iso(0, 9), iso(3, 5)),
    }),
    base(u.kim, 'kim.contractor', 'Kim Contractor', {
      department: 'Engineering',
      employeeType: 'Contractor',
      signInActivity: activity(iso(1, 16), iso(1, 2), iso(1, 16)),
    }),
  ];
}

const notMfa = new Set(['email', 'securityQuestion', 'appPassword', 'temporaryAccessPass']);
const passwordless = new Set([
  'fido2', 'passKeyDeviceBound', 'passKeyDeviceBoundAuthenticator', 'passKeyDeviceBoundWindowsHello', 'passKeySynced',
  'windowsHelloForBusiness', 'microsoftAuthenticatorPasswordless', 'macOsSecureEnclaveKey',
]);
const ssprMethods = new Set([
  'email', 'mobilePhone', 'alternateMobilePhone', 'officePhone', 'securityQuestion', 'microsoftAuthenticatorPush', 'softwareOneTimePasscode',
]);

function registration(user: GraphUserFixture, methods: string[], opts: { isAdmin?: boolean; preferred?: string; updated: string }): GraphUserRegistrationDetails {
  const isMfaRegistered = methods.some((m) => !notMfa.has(m));
  const isSsprRegistered = methods.some((m) => ssprMethods.has(m));
  const isGuest = user.userType === 'Guest';
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName ?? '',
    userType: isGuest ? 'guest' : 'member',
    isAdmin: opts.isAdmin ?? false,
    isMfaRegistered,
    isMfaCapable: isMfaRegistered,
    isPasswordlessCapable: methods.some((m) => passwordless.has(m)),
    isSsprRegistered,
    isSsprEnabled: !isGuest,
    isSsprCapable: !isGuest && isSsprRegistered,
    isSystemPreferredAuthenticationMethodEnabled: true,
    methodsRegistered: methods,
    systemPreferredAuthenticationMethods: methods.includes('fido2') || methods.some((m) => m.startsWith('passKey'))
      ? ['Fido2']
      : methods.includes('microsoftAuthenticatorPush')
        ? ['push']
        : [],
    userPreferredMethodForSecondaryAuthentication: opts.preferred ?? '',
    lastUpdatedDateTime: opts.updated,
  };
}

function buildRegistrations(users: GraphUserFixture[], iso: (d: number, h?: number) => string): GraphUserRegistrationDetails[] {
  const byId = new Map(users.map((x) => [x.id, x]));
  const r = (id: string, methods: string[], opts: { isAdmin?: boolean; preferred?: string } = {}): GraphUserRegistrationDetails => {
    const user = byId.get(id);
    if (!user) throw new Error(`example tenant: no user ${id}`);
    return registration(user, methods, { ...opts, updated: iso(1, 3) });
  };
  // Dan is disabled: the report leaves disabled users out.
  return [
    r(u.alice, ['microsoftAuthenticatorPush', 'softwareOneTimePasscode', 'mobilePhone'], { isAdmin: true, preferred: 'push' }),
    r(u.bob, ['fido2', 'passKeyDeviceBound', 'email'], { isAdmin: true, preferred: 'none' }),
    r(u.carol, ['windowsHelloForBusiness', 'microsoftAuthenticatorPasswordless'], { isAdmin: true, preferred: 'push' }),
    r(u.erin, ['email']),
    r(u.frank, []),
    r(u.grace, ['securityQuestion', 'email']),
    r(u.henry, ['temporaryAccessPass', 'officePhone'], { isAdmin: true, preferred: 'voiceOffice' }),
    r(u.ivy, ['passKeySynced', 'alternateMobilePhone', 'quantumEntangledToken'], { isAdmin: true, preferred: 'voiceAlternateMobile' }),
    // A Global Administrator without MFA: the classic break-glass finding.
    r(u.breakGlass, [], { isAdmin: true }),
    r(u.jack, ['macOsSecureEnclaveKey', 'appPassword', 'mobilePhone'], { preferred: 'sms' }),
    r(u.kim, ['externalAuthenticationMethod', 'passKeyDeviceBoundAuthenticator', 'passKeyDeviceBoundWindowsHello', 'hardwareOneTimePasscode'], {
      preferred: 'oath',
    }),
  ];
}

function graphServicePrincipalRoles(): GraphAppRoleFixture[] {
  return Object.entries(graphAppRoleIds).map(([value, id]) => ({
    id,
    value,
    displayName: value.replace(/\./g, ' '),
    description: `Allows the app to use ${value} without a signed-in user.`,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
    origin: 'Application',
  }));
}

function graphServicePrincipalScopes(): GraphPermissionScope[] {
  return Object.entries(graphScopeIds).map(([value, id]) => ({
    id,
    value,
    type: value === 'Mail.Read' || value === 'User.Read' || ['openid', 'profile', 'email', 'offline_access'].includes(value) ? 'User' : 'Admin',
    isEnabled: true,
    adminConsentDisplayName: value,
    adminConsentDescription: `Allows the app to use ${value} on behalf of the signed-in user.`,
    userConsentDisplayName: value,
    userConsentDescription: `Allows the app to use ${value} on your behalf.`,
  }));
}

function conditionalAccessPolicies(iso: (d: number, h?: number) => string): GraphConditionalAccessPolicyFixture[] {
  const users = (over: Partial<NonNullable<GraphConditionalAccessPolicyFixture['conditions']['users']>>): NonNullable<GraphConditionalAccessPolicyFixture['conditions']['users']> => ({
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...over,
  });
  const allApps = {
    includeApplications: ['All'],
    excludeApplications: [],
    includeUserActions: [],
    includeAuthenticationContextClassReferences: [],
    applicationFilter: null,
  };
  const conditions = (over: Partial<GraphConditionalAccessPolicyFixture['conditions']>): GraphConditionalAccessPolicyFixture['conditions'] => ({
    users: null,
    applications: allApps,
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
    ...over,
  });
  const grant = (controls: string[], extra: Partial<NonNullable<GraphConditionalAccessPolicyFixture['grantControls']>> = {}): GraphConditionalAccessPolicyFixture['grantControls'] => ({
    operator: 'OR',
    builtInControls: controls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: null,
    ...extra,
  });
  return [
    {
      id: exampleIds.policies.requireMfa,
      displayName: 'Require MFA for all users',
      state: 'enabled',
      createdDateTime: iso(300),
      modifiedDateTime: iso(30),
      templateId: null,
      conditions: conditions({ users: users({ includeUsers: ['All'], excludeUsers: [u.breakGlass] }) }),
      grantControls: grant(['mfa']),
      sessionControls: null,
    },
    {
      id: exampleIds.policies.blockLegacy,
      displayName: 'Block legacy authentication',
      state: 'enabled',
      createdDateTime: iso(300),
      modifiedDateTime: null,
      templateId: null,
      conditions: conditions({
        users: users({ includeUsers: ['All'], excludeUsers: [u.breakGlass] }),
        clientAppTypes: ['exchangeActiveSync', 'other'],
      }),
      grantControls: grant(['block']),
      sessionControls: null,
    },
    {
      id: exampleIds.policies.riskyReportOnly,
      displayName: 'Risky sign-ins: require MFA (report-only)',
      state: 'enabledForReportingButNotEnforced',
      createdDateTime: iso(60),
      modifiedDateTime: iso(5),
      templateId: null,
      conditions: conditions({
        users: users({
          includeUsers: ['All'],
          excludeGroups: [g.automation],
          includeGuestsOrExternalUsers: null,
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest',
            externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' },
          },
        }),
        signInRiskLevels: ['high', 'medium'],
        locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
      }),
      grantControls: grant(['mfa']),
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        signInFrequency: { isEnabled: true, value: null, type: null, authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'everyTime' },
        persistentBrowser: null,
        disableResilienceDefaults: null,
      },
    },
    {
      id: exampleIds.policies.phishingResistantAdmins,
      displayName: 'Phishing-resistant MFA for admins',
      state: 'disabled',
      createdDateTime: iso(20),
      modifiedDateTime: iso(2),
      templateId: null,
      conditions: conditions({
        users: users({
          includeRoles: [roleTemplates.globalAdministrator, roleTemplates.privilegedRoleAdministrator, roleTemplates.securityAdministrator],
          excludeUsers: [u.breakGlass],
        }),
        platforms: { includePlatforms: ['all'], excludePlatforms: [] },
      }),
      grantControls: grant([], {
        operator: 'AND',
        'authenticationStrength@odata.context': `https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies('${exampleIds.policies.phishingResistantAdmins}')/grantControls/authenticationStrength/$entity`,
        authenticationStrength: {
          id: '00000000-0000-0000-0000-000000000004',
          displayName: 'Phishing-resistant MFA',
          description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
          policyType: 'builtIn',
          requirementsSatisfied: 'mfa',
          allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
          createdDateTime: '2021-12-01T08:00:00Z',
          modifiedDateTime: '2021-12-01T08:00:00Z',
        },
      }),
      sessionControls: null,
    },
  ];
}

function buildSignIns(users: GraphUserFixture[], signInTime: (hoursAgo: number) => string): GraphSignInFixture[] {
  const byId = new Map(users.map((x) => [x.id, x]));
  const mfaApplied = { id: exampleIds.policies.requireMfa, displayName: 'Require MFA for all users', enforcedGrantControls: ['Mfa'], enforcedSessionControls: [] };
  const legacyApplied = { id: exampleIds.policies.blockLegacy, displayName: 'Block legacy authentication', enforcedGrantControls: ['Block'], enforcedSessionControls: [] };
  const riskApplied = { id: exampleIds.policies.riskyReportOnly, displayName: 'Risky sign-ins: require MFA (report-only)', enforcedGrantControls: ['Mfa'], enforcedSessionControls: [] };
  const leeds = { city: 'Leeds', state: 'England', countryOrRegion: 'GB', geoCoordinates: { altitude: null, latitude: 53.7997, longitude: -1.5492 } };
  const browser = { deviceId: '', displayName: '', operatingSystem: 'Windows10', browser: 'Edge 122.0.0', isCompliant: false, isManaged: false, trustType: '' };

  let n = 0;
  const s = (userIdValue: string, hoursAgo: number, over: Partial<GraphSignInFixture>): GraphSignInFixture => {
    const user = byId.get(userIdValue);
    if (!user) throw new Error(`example tenant: no user ${userIdValue}`);
    n++;
    return {
      id: signInId(n),
      createdDateTime: signInTime(hoursAgo),
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName ?? '',
      appId: '00000002-0000-0ff1-ce00-000000000000',
      appDisplayName: 'Office 365 Exchange Online',
      resourceId: '00000002-0000-0ff1-ce00-000000000000',
      resourceDisplayName: 'Office 365 Exchange Online',
      ipAddress: `203.0.113.${10 + n}`,
      clientAppUsed: 'Browser',
      correlationId: `c2d7a4e1-6b3f-4c8d-9e2a-${n.toString(16).padStart(12, '0')}`,
      isInteractive: true,
      conditionalAccessStatus: 'success',
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'success' }],
      status: { errorCode: 0, failureReason: 'Other.', additionalDetails: 'MFA requirement satisfied by claim in the token' },
      location: leeds,
      deviceDetail: browser,
      riskDetail: 'none',
      riskLevelAggregated: 'none',
      riskLevelDuringSignIn: 'none',
      riskState: 'none',
      riskEventTypes_v2: [],
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/122.0.0.0',
      homeTenantId: TENANT_ID,
      resourceTenantId: TENANT_ID,
      ...over,
    };
  };
  const legacyBlocked = (clientAppUsed: string): Partial<GraphSignInFixture> => ({
    clientAppUsed,
    conditionalAccessStatus: 'failure',
    appliedConditionalAccessPolicies: [{ ...legacyApplied, result: 'failure' }, { ...mfaApplied, result: 'notApplied' }],
    status: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.', additionalDetails: null },
    deviceDetail: { ...browser, browser: '', operatingSystem: 'Ios' },
    userAgent: 'Apple-iPhone15C2/2103.100',
  });

  return [
    s(u.alice, 2, {}),
    s(u.alice, 20, { clientAppUsed: 'Mobile Apps and Desktop clients', riskLevelDuringSignIn: 'low', riskLevelAggregated: 'low' }),
    s(u.alice, 71, { appId: GRAPH_APP_ID, appDisplayName: 'Microsoft Graph Explorer' }),
    s(u.bob, 30, {
      riskLevelDuringSignIn: 'medium',
      riskLevelAggregated: 'medium',
      riskState: 'atRisk',
      riskDetail: 'none',
      riskEventTypes_v2: ['unfamiliarFeatures'],
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'success' }, { ...riskApplied, result: 'reportOnlySuccess' }],
    }),
    s(u.bob, 31, {
      conditionalAccessStatus: 'notApplied',
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'notApplied' }],
      status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.', additionalDetails: null },
    }),
    s(u.ivy, 50, {
      ipAddress: '198.51.100.66',
      location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', geoCoordinates: { altitude: null, latitude: 52.37, longitude: 4.89 } },
      riskLevelDuringSignIn: 'high',
      riskLevelAggregated: 'high',
      riskState: 'atRisk',
      riskEventTypes_v2: ['anonymizedIPAddress', 'unlikelyTravel'],
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'success' }, { ...riskApplied, result: 'reportOnlyFailure' }],
    }),
    s(u.jack, 10, legacyBlocked('Exchange ActiveSync')),
    s(u.jack, 60, legacyBlocked('IMAP4')),
    // A guest's risk is evaluated in their home tenant: hidden here.
    s(u.erin, 5, { riskDetail: 'hidden', riskLevelDuringSignIn: 'hidden', riskLevelAggregated: 'hidden', homeTenantId: FABRIKAM_TENANT_ID }),
    s(u.kim, 40, {
      riskLevelDuringSignIn: 'none',
      riskLevelAggregated: 'medium',
      riskState: 'remediated',
      riskDetail: 'userPerformedSecuredPasswordChange',
      riskEventTypes_v2: ['leakedCredentials'],
    }),
    s(u.breakGlass, 70, {
      conditionalAccessStatus: 'notApplied',
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'notApplied' }],
      status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
    }),
    s(u.henry, 65, { riskLevelDuringSignIn: 'low', riskLevelAggregated: 'none', riskState: 'dismissed' }),
    s(u.carol, 12, {
      conditionalAccessStatus: 'failure',
      status: { errorCode: 500121, failureReason: 'Authentication failed during strong authentication request.', additionalDetails: 'The user didn\'t complete the MFA prompt.' },
      appliedConditionalAccessPolicies: [{ ...mfaApplied, result: 'failure' }],
    }),
    s(u.dan, 26, {
      conditionalAccessStatus: 'notApplied',
      appliedConditionalAccessPolicies: [],
      status: { errorCode: 50057, failureReason: 'User account is disabled. The account has been disabled by an administrator.', additionalDetails: null },
    }),
  ];
}

/** A fresh copy every call, so tests may mutate it. */
export function exampleTenant(now: Date = new Date()): EntraTenantFixture {
  const nowMs = now.getTime();
  const iso = (daysAgo: number, hoursAgo = 0): string =>
    new Date(nowMs - daysAgo * 86_400_000 - hoursAgo * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const inDays = (days: number): string => new Date(nowMs + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Sign-in timestamps carry seven fractional digits.
  const signInTime = (hoursAgo: number): string => {
    const t = new Date(nowMs - hoursAgo * 3_600_000 - 137_000).toISOString();
    return `${t.slice(0, 19)}.${t.slice(20, 23)}4567Z`;
  };
  const users = buildUsers(iso);
  const connector = exampleIds.clients.connector;

  const graphSp: GraphServicePrincipalFixture = {
    id: sp.graph,
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appDisplayName: 'Microsoft Graph',
    accountEnabled: true,
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    servicePrincipalType: 'Application',
    appRoleAssignmentRequired: false,
    tags: [],
    servicePrincipalNames: [GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/'],
    signInAudience: 'AzureADMultipleOrgs',
    preferredSingleSignOnMode: null,
    passwordCredentials: [],
    keyCredentials: [],
    appRoles: graphServicePrincipalRoles(),
    oauth2PermissionScopes: graphServicePrincipalScopes(),
  };
  const ownSp = (id: string, appId: string, displayName: string, extra: Partial<GraphServicePrincipalFixture> = {}): GraphServicePrincipalFixture => ({
    ...graphSp,
    id,
    appId,
    displayName,
    appDisplayName: displayName,
    appOwnerOrganizationId: TENANT_ID,
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    servicePrincipalNames: [appId],
    signInAudience: 'AzureADMyOrg',
    appRoles: [],
    oauth2PermissionScopes: [],
    ...extra,
  });
  const secret = (n: number, hint: string, start: number, end: number, name: string) => ({
    keyId: `0b1c2d3e-4f5a-4b6c-8d7e-${n.toString(16).padStart(12, '0')}`,
    displayName: name,
    hint,
    startDateTime: iso(start),
    endDateTime: end >= 0 ? inDays(end) : iso(-end),
    secretText: null,
    customKeyIdentifier: null,
  });
  const appRoleAssignment = (n: number, principalId: string, principalType: 'ServicePrincipal' | 'User' | 'Group', principalName: string, resourceId: string, resourceName: string, appRoleId: string) => ({
    id: `q3xPc2lt${n.toString(36).padStart(4, '0')}VZ0eWR3bXRrRk1oQUFBQUFB`,
    appRoleId,
    principalId,
    principalType,
    principalDisplayName: principalName,
    resourceId,
    resourceDisplayName: resourceName,
    createdDateTime: iso(100 - n),
    deletedDateTime: null,
  });
  const roleDefinition = (id: string, displayName: string, actions: string[]) => ({
    id,
    templateId: id,
    displayName,
    description: `Built-in role: ${displayName}.`,
    isBuiltIn: true,
    isEnabled: true,
    version: '1',
    resourceScopes: ['/'],
    rolePermissions: [{ allowedResourceActions: actions, condition: null }],
  });
  const roleAssignment = (suffix: string, principalId: string, roleDefinitionId: string, directoryScopeId = '/') => ({
    id: `lAPpYvVpN0KRkAEhdxReE${suffix}`,
    principalId,
    roleDefinitionId,
    directoryScopeId,
    appScopeId: null,
    principalOrganizationId: TENANT_ID,
    condition: null,
    resourceScope: directoryScopeId,
  });

  return {
    tenantId: TENANT_ID,
    displayName: 'Acme Corp',
    verifiedDomains: ['acme-corp.com', 'acmecorp.onmicrosoft.com'],
    licence: { p1: true, p2: true },
    clients: [
      { clientId: connector.clientId, secrets: [{ value: connector.secret, expiresAt: inDays(365) }, { value: connector.expiredSecret, expiresAt: iso(30) }], appPermissions: [...CONNECTOR_PERMISSIONS] },
      { clientId: exampleIds.clients.usersOnly.clientId, secrets: [{ value: exampleIds.clients.usersOnly.secret, expiresAt: inDays(180) }], appPermissions: ['User.Read.All'] },
      { clientId: exampleIds.clients.unconsented.clientId, secrets: [{ value: exampleIds.clients.unconsented.secret, expiresAt: inDays(180) }], appPermissions: [] },
    ],
    users,
    userRegistrationDetails: buildRegistrations(users, iso),
    groups: [
      { id: g.allStaff, displayName: 'All Staff', description: 'Everyone employed by Acme', createdDateTime: iso(800), mail: null, mailNickname: 'allstaff', mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: false, visibility: null, onPremisesSyncEnabled: null },
      { id: g.engineering, displayName: 'Engineering', description: 'Engineering department', createdDateTime: iso(700), mail: null, mailNickname: 'engineering', mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: false, visibility: null, onPremisesSyncEnabled: null },
      { id: g.platformTeam, displayName: 'Platform Team', description: 'Runs the production platform', createdDateTime: iso(500), mail: null, mailNickname: 'platform', mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: false, visibility: null, onPremisesSyncEnabled: null },
      { id: g.tier0Admins, displayName: 'Tier0-Admins', description: 'Role-assignable group holding Global Administrator', createdDateTime: iso(400), mail: null, mailNickname: 'tier0admins', mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: true, visibility: 'Private', onPremisesSyncEnabled: null },
      { id: g.acmeSocial, displayName: 'Acme Social', description: 'Microsoft 365 group for social events', createdDateTime: iso(300), mail: 'social@acme-corp.com', mailNickname: 'social', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: null, visibility: 'Public', onPremisesSyncEnabled: null },
      { id: g.guests, displayName: 'All Guests (dynamic)', description: 'Every guest account', createdDateTime: iso(250), mail: null, mailNickname: 'guests', mailEnabled: false, securityEnabled: true, groupTypes: ['DynamicMembership'], membershipRule: '(user.userType -eq "Guest")', membershipRuleProcessingState: 'On', isAssignableToRole: false, visibility: null, onPremisesSyncEnabled: null },
      { id: g.automation, displayName: 'Automation Accounts', description: 'Workload identities', createdDateTime: iso(200), mail: null, mailNickname: 'automation', mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, isAssignableToRole: false, visibility: 'HiddenMembership', onPremisesSyncEnabled: null },
    ],
    groupMembers: {
      [g.allStaff]: [
        { type: 'group', id: g.engineering },
        { type: 'user', id: u.alice },
        { type: 'user', id: u.dan },
        { type: 'user', id: u.frank },
        { type: 'user', id: u.grace },
        { type: 'user', id: u.henry },
        { type: 'user', id: u.ivy },
      ],
      [g.engineering]: [
        { type: 'group', id: g.platformTeam },
        { type: 'user', id: u.carol },
        { type: 'user', id: u.jack },
      ],
      [g.platformTeam]: [
        { type: 'user', id: u.bob },
        { type: 'user', id: u.kim },
      ],
      [g.tier0Admins]: [{ type: 'user', id: u.bob }],
      [g.acmeSocial]: [
        { type: 'user', id: u.alice },
        { type: 'user', id: u.ivy },
        { type: 'user', id: u.erin },
      ],
      [g.guests]: [{ type: 'user', id: u.erin }],
      [g.automation]: [
        { type: 'servicePrincipal', id: sp.hrSync },
        { type: 'servicePrincipal', id: sp.connector },
      ],
    },
    roleDefinitions: [
      roleDefinition(roleTemplates.globalAdministrator, 'Global Administrator', ['microsoft.directory/allEntities/allProperties/allTasks']),
      roleDefinition(roleTemplates.privilegedRoleAdministrator, 'Privileged Role Administrator', ['microsoft.directory/roleAssignments/allProperties/allTasks']),
      roleDefinition(roleTemplates.securityAdministrator, 'Security Administrator', ['microsoft.directory/conditionalAccessPolicies/allProperties/allTasks']),
      roleDefinition(roleTemplates.securityReader, 'Security Reader', ['microsoft.directory/auditLogs/allProperties/read']),
      roleDefinition(roleTemplates.userAdministrator, 'User Administrator', ['microsoft.directory/users/allProperties/allTasks']),
      roleDefinition(roleTemplates.globalReader, 'Global Reader', ['microsoft.directory/allEntities/allProperties/read']),
    ],
    roleAssignments: [
      roleAssignment('MmO4KwRqtpKkUWt3wOYIz4-1', u.alice, roleTemplates.globalAdministrator),
      roleAssignment('FJaHD9Ofbi5kDmKx0lMz7-1', g.tier0Admins, roleTemplates.globalAdministrator),
      roleAssignment('Hq2n7KcZp3uYvE0bWfXa1-1', u.breakGlass, roleTemplates.globalAdministrator),
      roleAssignment('tU8wQe5RkN2mJxL9cVbZ4-1', u.ivy, roleTemplates.securityReader),
      roleAssignment('pD3sGh7YjK1nBvM6qWeR2-1', sp.hrSync, roleTemplates.userAdministrator),
      roleAssignment('zX4cV8bN2mL6kJ0hGfD9-1', u.henry, roleTemplates.userAdministrator, '/administrativeUnits/2e4c6a8b-0d1f-4e3a-9c5b-7d9f1b3e5a60'),
    ],
    roleEligibilityScheduleInstances: [
      {
        id: 'Fk2bPzR8vQ1mYtN5wLcX3-1-e',
        principalId: u.carol,
        roleDefinitionId: roleTemplates.privilegedRoleAdministrator,
        directoryScopeId: '/',
        appScopeId: null,
        startDateTime: iso(45),
        endDateTime: null,
        memberType: 'Direct',
        roleEligibilityScheduleId: '7d0f3b5e-1a2c-4d6e-8f9a-0b1c2d3e4f51',
      },
      {
        id: 'Gm7cQaS9wR2nZuO6xMdY4-1-e',
        principalId: u.henry,
        roleDefinitionId: roleTemplates.securityAdministrator,
        directoryScopeId: '/',
        appScopeId: null,
        startDateTime: iso(10),
        endDateTime: inDays(170),
        memberType: 'Direct',
        roleEligibilityScheduleId: '8e1a4c6f-2b3d-4e7f-9a0b-1c2d3e4f5a62',
      },
    ],
    conditionalAccessPolicies: conditionalAccessPolicies(iso),
    signIns: buildSignIns(users, signInTime),
    applications: [
      {
        id: exampleIds.apps.connector,
        appId: connector.clientId,
        displayName: 'Identity Twin Connector',
        createdDateTime: iso(60),
        publisherDomain: 'acme-corp.com',
        signInAudience: 'AzureADMyOrg',
        requiredResourceAccess: [
          { resourceAppId: GRAPH_APP_ID, resourceAccess: CONNECTOR_PERMISSIONS.map((p) => ({ id: graphAppRoleIds[p] ?? '', type: 'Role' as const })) },
        ],
        passwordCredentials: [secret(1, 'sim', 60, 305, 'connector (current)'), secret(2, 'sim', 400, -30, 'connector (expired)')],
        keyCredentials: [],
      },
      {
        id: exampleIds.apps.hrSync,
        appId: exampleIds.appIds.hrSync,
        displayName: 'HR Sync (legacy)',
        createdDateTime: iso(1200),
        publisherDomain: 'acme-corp.com',
        signInAudience: 'AzureADMyOrg',
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccess: [
              { id: graphAppRoleIds['Directory.ReadWrite.All'] ?? '', type: 'Role' },
              { id: graphAppRoleIds['User.ReadWrite.All'] ?? '', type: 'Role' },
            ],
          },
        ],
        // Expires in ten days: a rotation finding.
        passwordCredentials: [secret(3, 'Hr~', 355, 10, 'hr-sync')],
        keyCredentials: [
          {
            keyId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e70',
            displayName: 'CN=hr-sync',
            type: 'AsymmetricX509Cert',
            usage: 'Verify',
            startDateTime: iso(700),
            endDateTime: iso(5),
            customKeyIdentifier: 'qL8mYc3nR1vT5wX7zA9bC2dE4fG=',
            key: null,
          },
        ],
      },
      {
        id: exampleIds.apps.expensePortal,
        appId: exampleIds.appIds.expensePortal,
        displayName: 'Expense Portal',
        createdDateTime: iso(500),
        publisherDomain: 'acme-corp.com',
        signInAudience: 'AzureADMultipleOrgs',
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccess: ['User.Read', 'Mail.Read', 'openid', 'profile', 'offline_access'].map((s) => ({ id: graphScopeIds[s] ?? '', type: 'Scope' as const })),
          },
        ],
        passwordCredentials: [secret(4, 'Ex4', 100, 630, 'web')],
        keyCredentials: [],
        web: { redirectUris: ['https://expenses.acme-corp.com/signin-oidc'], homePageUrl: 'https://expenses.acme-corp.com/', logoutUrl: null },
      },
    ],
    servicePrincipals: [
      graphSp,
      ownSp(sp.connector, connector.clientId, 'Identity Twin Connector'),
      ownSp(sp.hrSync, exampleIds.appIds.hrSync, 'HR Sync (legacy)'),
      ownSp(sp.expensePortal, exampleIds.appIds.expensePortal, 'Expense Portal', {
        appRoleAssignmentRequired: true,
        preferredSingleSignOnMode: 'oidc',
        signInAudience: 'AzureADMultipleOrgs',
        replyUrls: ['https://expenses.acme-corp.com/signin-oidc'],
        homepage: 'https://expenses.acme-corp.com/',
      }),
      // A gallery app using password-vaulted SSO; owned by its publisher's tenant, no app registration here.
      ownSp(sp.travelBooking, exampleIds.appIds.travelBooking, 'Travel Booking (password SSO)', {
        appOwnerOrganizationId: '0e8a2c4f-6b1d-4e3a-a5c7-9d1f3b5e7a82',
        preferredSingleSignOnMode: 'password',
        loginUrl: 'https://book.travel-example.com/login',
        appRoleAssignmentRequired: true,
        tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1'],
        signInAudience: 'AzureADMultipleOrgs',
      }),
    ],
    appRoleAssignments: [
      ...CONNECTOR_PERMISSIONS.map((p, i) =>
        appRoleAssignment(i + 1, sp.connector, 'ServicePrincipal', 'Identity Twin Connector', sp.graph, 'Microsoft Graph', graphAppRoleIds[p] ?? ''),
      ),
      appRoleAssignment(20, sp.hrSync, 'ServicePrincipal', 'HR Sync (legacy)', sp.graph, 'Microsoft Graph', graphAppRoleIds['Directory.ReadWrite.All'] ?? ''),
      appRoleAssignment(21, sp.hrSync, 'ServicePrincipal', 'HR Sync (legacy)', sp.graph, 'Microsoft Graph', graphAppRoleIds['User.ReadWrite.All'] ?? ''),
      appRoleAssignment(22, u.alice, 'User', 'Alice Admin', sp.expensePortal, 'Expense Portal', DEFAULT_ACCESS_ROLE),
      appRoleAssignment(23, g.allStaff, 'Group', 'All Staff', sp.travelBooking, 'Travel Booking (password SSO)', DEFAULT_ACCESS_ROLE),
    ],
    oauth2PermissionGrants: [
      {
        id: 'Xq9vL2nT4pR6sU8wY0aC1eG3iK5mO7qS9uW1yA3cE5g',
        clientId: sp.expensePortal,
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: sp.graph,
        // Real grants carry stray spaces: consumers must trim and split on runs of spaces.
        scope: '  User.Read   openid profile  offline_access ',
      },
      {
        id: 'Yr0wM3oU5qS7tV9xZ1bD2fH4jL6nP8rT0vX2zB4dF6h',
        clientId: sp.expensePortal,
        consentType: 'Principal',
        principalId: u.bob,
        resourceId: sp.graph,
        scope: 'Mail.Read',
      },
    ],
  };
}
